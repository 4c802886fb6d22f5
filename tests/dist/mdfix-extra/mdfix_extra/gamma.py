class Gamma:
    def run(self):
        return "gamma ran, from another distribution"
