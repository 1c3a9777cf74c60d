"""Short Italian articles written for the cross-document tables and explorer v2 (issue 25)."""

ARTICLES = [
    {"id": "ansa-sisma", "title": "Sisma in Turchia", "date": "2025-02-06", "url": "https://www.ansa.it/sisma",
     "text": "Secondo l'ANSA, il terremoto in Turchia ha causato 1.200 morti."},
    {"id": "reuters-sisma", "title": "Terremoto, il bilancio", "date": "2025-02-07", "url": "https://www.reuters.com/sisma",
     "text": "Secondo la Reuters, il terremoto in Turchia ha causato 1.500 morti e 300 feriti."},
    # "circa 1.250" allows 1.200 (ANSA) but not 1.500 (Reuters)
    {"id": "agi-sisma", "title": "Turchia, le vittime", "date": "2025-02-07", "url": "https://www.agi.it/sisma",
     "text": "Secondo l'AGI, il terremoto in Turchia ha causato circa 1.250 morti."},
    # two weeks later: outside the window of every other toll
    {"id": "afp-sisma", "title": "Turchia, due settimane dopo", "date": "2025-02-20", "url": "https://www.afp.com/sisma",
     "text": "Secondo l'AFP, il terremoto in Turchia ha causato 2.000 morti."},
    {"id": "manovra-1", "title": "La manovra", "date": "2025-10-01", "url": "https://www.corriere.it/manovra",
     "text": "Il ministro Giancarlo Giorgetti ha detto che la manovra per l'Italia vale 30 miliardi di euro."},
    {"id": "manovra-2", "title": "Urso sulla manovra", "date": "2025-10-03", "url": "https://www.repubblica.it/urso",
     "text": "Il ministro Adolfo Urso ha dichiarato che la manovra per l'Italia vale 25 miliardi di euro."},
    # the same statement, its figure misquoted: one statement group, and a conflict inside it
    {"id": "manovra-3", "title": "Giorgetti: la manovra", "date": "2025-10-02", "url": "https://www.lastampa.it/manovra",
     "text": "Giorgetti ha detto che la manovra per l'Italia vale 32 miliardi di euro."},
    # a long document: the explorer shows it in pages
    {"id": "consiglio", "title": "Il consiglio comunale", "date": "2025-10-02",
     "text": "\n".join(f"Il consiglio comunale di Roma si è riunito per la seduta numero {i}." for i in range(1, 1201))},
]
