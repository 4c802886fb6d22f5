from ..helper import VALUE
