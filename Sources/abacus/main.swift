import ServiceHost
print("abacus: not yet wired")
