from deps._chain import chain
