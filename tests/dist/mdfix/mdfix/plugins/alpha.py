class Alpha:
    def run(self):
        return "alpha ran"
