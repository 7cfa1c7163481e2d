"""Demo categories, in storefront order. ``colour`` only tints the product pictograms."""

CATEGORIES = [
    {
        "slug": "vitamines",
        "name": "Vitamines",
        "colour": "#d99a1e",
        "description": (
            "Vitamines seules ou associées, en gélules, comprimés, gouttes ou gommes, dosées "
            "d'après les valeurs nutritionnelles de référence."
        ),
    },
    {
        "slug": "mineraux",
        "name": "Minéraux",
        "colour": "#3a7ca5",
        "description": (
            "Magnésium, zinc, fer, calcium, sélénium : des formes bien choisies et des dosages "
            "indiqués clairement par portion journalière."
        ),
    },
    {
        "slug": "omega-3-acides-gras",
        "name": "Oméga-3 et acides gras",
        "colour": "#1f7a8c",
        "description": (
            "Huiles de poisson, d'algue, de krill ou d'onagre, avec leur teneur en EPA, DHA et "
            "autres acides gras par portion."
        ),
    },
    {
        "slug": "plantes",
        "name": "Plantes",
        "colour": "#4f7f3a",
        "description": (
            "Extraits de plantes titrés, d'origine identifiée, avec les précautions d'emploi "
            "propres à chaque plante."
        ),
    },
    {
        "slug": "sommeil-detente",
        "name": "Sommeil et détente",
        "colour": "#5b4b8a",
        "description": (
            "Mélatonine, plantes du soir, magnésium et vitamines B pour accompagner vos routines "
            "du soir et vos journées chargées."
        ),
    },
    {
        "slug": "articulations",
        "name": "Articulations",
        "colour": "#9c3d5c",
        "description": (
            "Glucosamine, collagène, MSM et plantes, associés à la vitamine C ou au manganèse."
        ),
    },
    {
        "slug": "sport-energie",
        "name": "Sport et énergie",
        "colour": "#c8501e",
        "description": (
            "Créatine, électrolytes, coenzyme Q10 et formules aux vitamines B pour les personnes "
            "actives."
        ),
    },
    {
        "slug": "accessoires",
        "name": "Accessoires",
        "colour": "#5c6770",
        "description": (
            "Piluliers, shaker et coupe-comprimés pour prendre vos compléments au quotidien."
        ),
    },
]
