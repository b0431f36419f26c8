# Screenings hold answers about people and have no page on the platform administrator's site;
# instruments are files in the package, loaded by `mixedflows screening load-instruments`.
