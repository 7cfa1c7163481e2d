"""Demo products: plant extracts. No health claim is made for the plants themselves (F4)."""

from ._common import (
    ANTICOAGULANTS,
    ASTERACEAE,
    MEDICAL_ADVICE,
    PREGNANCY,
    Price,
    supplement,
)

PLANTS = [
    supplement(
        slug="curcuma-poivre-noir",
        category="plantes",
        name="Curcuma et poivre noir – complément alimentaire",
        label=("Curcuma", "+ poivre noir"),
        format="gelules",
        net_quantity="60 gélules – 36 g",
        net_weight_grams=36,
        short_description=(
            "Extrait de rhizome de curcuma titré à 95 % en curcuminoïdes, avec extrait de "
            "poivre noir."
        ),
        description=(
            "Le curcuma (Curcuma longa) est une plante de la famille du gingembre dont le "
            "rhizome, séché et moulu, colore et parfume les currys. Notre extrait est titré à "
            "95 % en curcuminoïdes et associé à un extrait de poivre noir titré à 95 % en "
            "pipérine, comme le veut la tradition culinaire indienne. Gélules végétales, sans "
            "colorant ajouté."
        ),
        ingredients=(
            "Extrait sec de rhizome de curcuma (Curcuma longa L.), enveloppe de la gélule : "
            "hydroxypropylméthylcellulose, agent de charge : cellulose microcristalline, extrait "
            "sec de fruit de poivre noir (Piper nigrum L.)."
        ),
        nutrients=[
            ("Extrait de curcuma", "500", "mg", None),
            ("dont curcuminoïdes", "475", "mg", None),
            ("Extrait de poivre noir", "5", "mg", None),
            ("dont pipérine", "4,75", "mg", None),
        ],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage="Avaler 1 gélule par jour avec un verre d'eau, au cours d'un repas.",
        plant_warnings=(
            f"{PREGNANCY} {ANTICOAGULANTS} Déconseillé en cas d'obstruction des voies biliaires "
            f"ou de calculs biliaires. {MEDICAL_ADVICE}"
        ),
        weight_grams=55,
        prices=[
            Price(120, 1990),
            Price(60, 1790),
            Price(25, 1990),
            Price(4, 1590, reduction=True),
        ],
        on_hand=110,
    ),
    supplement(
        slug="ginkgo-biloba",
        category="plantes",
        name="Ginkgo biloba – complément alimentaire",
        label=("Ginkgo", "biloba"),
        format="gelules",
        net_quantity="60 gélules – 24 g",
        net_weight_grams=24,
        short_description=(
            "Extrait sec de feuilles de ginkgo titré en flavonoïdes, une gélule par jour."
        ),
        description=(
            "Le ginkgo est un arbre originaire de Chine, aux feuilles caractéristiques en forme "
            "d'éventail. Cet extrait de feuilles est titré à 24 % en glycosides flavonoïques et "
            "à 6 % en lactones terpéniques. Une gélule végétale par jour."
        ),
        ingredients=(
            "Extrait sec de feuille de ginkgo (Ginkgo biloba L.), agent de charge : cellulose "
            "microcristalline, enveloppe de la gélule : hydroxypropylméthylcellulose."
        ),
        nutrients=[
            ("Extrait de ginkgo", "120", "mg", None),
            ("dont glycosides flavonoïques", "28,8", "mg", None),
            ("dont lactones terpéniques", "7,2", "mg", None),
        ],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage="Avaler 1 gélule par jour avec un verre d'eau, au cours d'un repas.",
        plant_warnings=(
            f"{PREGNANCY} {ANTICOAGULANTS} Interrompre la prise avant une intervention "
            f"chirurgicale. {MEDICAL_ADVICE}"
        ),
        weight_grams=40,
        prices=[Price(220, 1490)],
        on_hand=52,
    ),
    supplement(
        slug="chardon-marie",
        category="plantes",
        name="Chardon-Marie – complément alimentaire",
        label=("Chardon-", "Marie"),
        format="gelules",
        net_quantity="60 gélules – 30 g",
        net_weight_grams=30,
        short_description="Extrait de fruits de chardon-Marie titré à 80 % en silymarine.",
        description=(
            "Le chardon-Marie (Silybum marianum) est une plante méditerranéenne aux feuilles "
            "marbrées de blanc. Ses fruits fournissent un extrait titré à 80 % en silymarine. "
            "Une gélule végétale apporte 300 mg d'extrait."
        ),
        ingredients=(
            "Extrait sec de fruit de chardon-Marie (Silybum marianum (L.) Gaertn.), enveloppe "
            "de la gélule : hydroxypropylméthylcellulose, antiagglomérant : dioxyde de silicium."
        ),
        nutrients=[
            ("Extrait de chardon-Marie", "300", "mg", None),
            ("dont silymarine", "240", "mg", None),
        ],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage="Avaler 1 gélule par jour avec un verre d'eau, avant le repas du midi.",
        plant_warnings=f"{PREGNANCY} {ASTERACEAE} {MEDICAL_ADVICE}",
        weight_grams=45,
        prices=[Price(190, 1290)],
        on_hand=1,
    ),
    supplement(
        slug="echinacee-vitamine-c",
        category="plantes",
        name="Échinacée et vitamine C – complément alimentaire",
        label=("Échinacée", "+ vitamine C"),
        format="gelules",
        net_quantity="30 gélules – 15 g",
        net_weight_grams=15,
        short_description="Extrait d'échinacée pourpre et vitamine C, pour une cure de 15 jours.",
        description=(
            "L'échinacée pourpre (Echinacea purpurea) est une plante d'Amérique du Nord aux "
            "grandes fleurs roses. Deux gélules associent 300 mg d'extrait de ses parties "
            "aériennes et 80 mg de vitamine C."
            "\n\n"
            "La vitamine C contribue au fonctionnement normal du système immunitaire et à "
            "réduire la fatigue."
        ),
        ingredients=(
            "Extrait sec de parties aériennes d'échinacée (Echinacea purpurea (L.) Moench), "
            "enveloppe de la gélule : hydroxypropylméthylcellulose, acide L-ascorbique "
            "(vitamine C), agent de charge : cellulose microcristalline."
        ),
        nutrients=[
            ("Extrait d'échinacée", "300", "mg", None),
            ("Vitamine C", "80", "mg", 100),
        ],
        daily_portion="2 gélules par jour",
        days_per_pack=15,
        usage=(
            "Avaler 1 gélule matin et soir avec un verre d'eau, pendant 15 jours au plus, "
            "à renouveler si besoin après une pause d'une semaine."
        ),
        plant_warnings=(
            f"{PREGNANCY} {ASTERACEAE} Déconseillé aux personnes atteintes d'une maladie "
            f"auto-immune ou suivant un traitement immunosuppresseur. {MEDICAL_ADVICE}"
        ),
        weight_grams=30,
        prices=[Price(100, 1190)],
        on_hand=73,
    ),
    supplement(
        slug="ginseng-rouge",
        category="plantes",
        name="Ginseng rouge – complément alimentaire",
        label=("Ginseng", "rouge"),
        format="gelules",
        net_quantity="60 gélules – 33 g",
        net_weight_grams=33,
        short_description=(
            "Extrait de racine de ginseng rouge de Corée titré à 8 % en ginsénosides."
        ),
        description=(
            "Le ginseng rouge est la racine de Panax ginseng, cultivée au moins six ans puis "
            "étuvée et séchée, ce qui lui donne sa couleur ambrée. Deux gélules apportent "
            "400 mg d'extrait titré à 8 % en ginsénosides."
            "\n\n"
            "Produit commandé auprès de notre fournisseur à réception de votre commande."
        ),
        ingredients=(
            "Extrait sec de racine de ginseng rouge (Panax ginseng C.A. Meyer), enveloppe de la "
            "gélule : hydroxypropylméthylcellulose, agent de charge : cellulose microcristalline."
        ),
        nutrients=[
            ("Extrait de ginseng rouge", "400", "mg", None),
            ("dont ginsénosides", "32", "mg", None),
        ],
        daily_portion="2 gélules par jour",
        days_per_pack=30,
        usage="Avaler 2 gélules le matin avec un verre d'eau. Éviter la prise en soirée.",
        plant_warnings=(
            f"{PREGNANCY} {ANTICOAGULANTS} Déconseillé aux personnes souffrant d'hypertension "
            f"ou suivant un traitement antidiabétique, sauf avis médical. Ne pas associer à de "
            f"grandes quantités de café ou de thé."
        ),
        weight_grams=50,
        prices=[Price(150, 2890)],
        on_hand=0,
        on_demand=True,
        supplier_delay_days=15,
    ),
    supplement(
        slug="spiruline",
        category="plantes",
        name="Spiruline – complément alimentaire",
        label=("Spiruline", ""),
        format="comprimes",
        net_quantity="180 comprimés – 90 g",
        net_weight_grams=90,
        short_description="Spiruline pure cultivée en France, en comprimés de 500 mg.",
        description=(
            "La spiruline (Arthrospira platensis) est une micro-algue bleu-vert. La nôtre est "
            "cultivée en bassins dans le sud de la France, récoltée, séchée à basse température "
            "puis pressée en comprimés, sans autre ingrédient. Six comprimés apportent 3 g de "
            "spiruline."
        ),
        ingredients="Spiruline (Arthrospira platensis) 100 %.",
        nutrients=[
            ("Spiruline", "3000", "mg", None),
            ("dont protéines", "1,9", "g", None),
            ("Fer", "0,84", "mg", 6),
        ],
        daily_portion="6 comprimés par jour",
        days_per_pack=30,
        usage=(
            "Commencer par 2 comprimés par jour et augmenter progressivement jusqu'à 6, à "
            "avaler avec un verre d'eau au cours des repas."
        ),
        plant_warnings=(
            f"{PREGNANCY} Déconseillé aux personnes phénylcétonuriques (contient de la "
            f"phénylalanine) et aux personnes traitées par un anticoagulant antivitamine K, sauf "
            f"avis médical."
        ),
        weight_grams=130,
        prices=[Price(260, 1690)],
        on_hand=34,
    ),
    supplement(
        slug="canneberge",
        category="plantes",
        name="Canneberge (cranberry) – complément alimentaire",
        label=("Canneberge", ""),
        format="gelules",
        net_quantity="60 gélules – 34 g",
        net_weight_grams=34,
        short_description="Extrait de fruit de canneberge d'Amérique, titré en proanthocyanidines.",
        description=(
            "La canneberge (Vaccinium macrocarpon) est une petite baie rouge acidulée cultivée "
            "en Amérique du Nord. Une gélule apporte 500 mg d'extrait de fruit, titré pour "
            "fournir 36 mg de proanthocyanidines (PAC, méthode DMAC)."
        ),
        ingredients=(
            "Extrait sec de fruit de canneberge (Vaccinium macrocarpon Aiton), enveloppe de la "
            "gélule : hydroxypropylméthylcellulose."
        ),
        nutrients=[
            ("Extrait de canneberge", "500", "mg", None),
            ("dont proanthocyanidines (PAC)", "36", "mg", None),
        ],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage="Avaler 1 gélule par jour avec un grand verre d'eau.",
        plant_warnings=(
            f"{PREGNANCY} Déconseillé aux personnes traitées par un anticoagulant antivitamine "
            f"K, sauf avis médical."
        ),
        weight_grams=50,
        prices=[Price(110, 1390)],
        on_hand=61,
    ),
]
