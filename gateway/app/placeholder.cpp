namespace aegis { }
