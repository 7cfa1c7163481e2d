"""Demo products: vitamins."""

from ._common import (
    STORAGE_LIQUID,
    STORAGE_OIL,
    VAT_STANDARD,
    Price,
    supplement,
)

VITAMINS = [
    supplement(
        slug="vitamine-d3-1000-ui",
        category="vitamines",
        name="Vitamine D3 1000 UI – complément alimentaire",
        label=("Vitamine D3", "1000 UI"),
        format="capsules",
        net_quantity="90 capsules – 22 g",
        net_weight_grams=22,
        short_description=(
            "Vitamine D3 (cholécalciférol) dans l'huile d'olive, une petite capsule par jour."
        ),
        description=(
            "Chaque capsule apporte 25 µg de vitamine D3 (1000 UI), dissoute dans de l'huile "
            "d'olive vierge extra pour une prise facile au cours d'un repas."
            "\n\n"
            "La vitamine D contribue au maintien d'une ossature normale, au maintien d'une "
            "fonction musculaire normale et au fonctionnement normal du système immunitaire. "
            "Un pot couvre trois mois."
        ),
        ingredients=(
            "Huile d'olive vierge extra, enveloppe de la capsule : gélatine de poisson, "
            "humectant : glycérol ; cholécalciférol (vitamine D3)."
        ),
        allergens="poisson",
        nutrients=[("Vitamine D", "25", "µg", 500)],
        daily_portion="1 capsule par jour",
        days_per_pack=90,
        usage="Avaler 1 capsule par jour avec un verre d'eau, de préférence au cours d'un repas.",
        storage=STORAGE_OIL,
        weight_grams=60,
        prices=[Price(60, 1290), Price(7, 990, reduction=True)],
        on_hand=180,
    ),
    supplement(
        slug="vitamine-d3-gouttes",
        category="vitamines",
        name="Vitamine D3 en gouttes – complément alimentaire",
        label=("Vitamine D3", "gouttes"),
        format="liquide",
        net_quantity="20 ml",
        net_weight_grams=19,
        short_description="Vitamine D3 en solution huileuse, 4 gouttes par jour, sans arôme.",
        description=(
            "Une solution de vitamine D3 dans une huile de coco fractionnée (triglycérides à "
            "chaîne moyenne), sans arôme ni sucre, présentée en flacon compte-gouttes de verre "
            "ambré. 4 gouttes apportent 20 µg de vitamine D."
            "\n\n"
            "La vitamine D contribue à l'absorption et à l'utilisation normales du calcium et du "
            "phosphore et au fonctionnement normal du système immunitaire."
        ),
        ingredients=(
            "Triglycérides à chaîne moyenne (huile de coco), cholécalciférol (vitamine D3), "
            "antioxydant : extrait riche en tocophérols."
        ),
        nutrients=[("Vitamine D", "20", "µg", 400)],
        daily_portion="4 gouttes par jour",
        usage=(
            "Déposer 4 gouttes par jour sur une cuillère ou dans un aliment froid. "
            "Bien agiter avant emploi."
        ),
        storage=STORAGE_LIQUID,
        weight_grams=75,
        prices=[Price(180, 1450)],
        on_hand=64,
    ),
    supplement(
        slug="vitamine-c-500",
        category="vitamines",
        name="Vitamine C 500 mg – complément alimentaire",
        label=("Vitamine C", "500 mg"),
        format="comprimes",
        net_quantity="60 comprimés – 48 g",
        net_weight_grams=48,
        short_description="Vitamine C peu acide en comprimé sécable, un comprimé par jour.",
        description=(
            "Un comprimé apporte 500 mg de vitamine C, sous forme d'acide ascorbique et "
            "d'ascorbate de calcium, moins acide pour l'estomac. Le comprimé est sécable pour "
            "ceux qui préfèrent deux prises dans la journée."
            "\n\n"
            "La vitamine C contribue au fonctionnement normal du système immunitaire, à réduire "
            "la fatigue et à protéger les cellules contre le stress oxydatif."
        ),
        ingredients=(
            "Acide L-ascorbique, ascorbate de calcium, agent de charge : cellulose "
            "microcristalline, antiagglomérants : sels de magnésium d'acides gras, dioxyde de "
            "silicium."
        ),
        nutrients=[("Vitamine C", "500", "mg", 625)],
        daily_portion="1 comprimé par jour",
        days_per_pack=60,
        usage="Avaler 1 comprimé par jour avec un grand verre d'eau, le matin de préférence.",
        weight_grams=70,
        prices=[Price(200, 990)],
        on_hand=150,
    ),
    supplement(
        slug="vitamine-b12-100",
        category="vitamines",
        name="Vitamine B12 100 µg – complément alimentaire",
        label=("Vitamine B12", "100 µg"),
        format="comprimes",
        net_quantity="90 comprimés à sucer – 27 g",
        net_weight_grams=27,
        short_description=(
            "Méthylcobalamine en petits comprimés à sucer, adaptée aux régimes végétaliens."
        ),
        description=(
            "La vitamine B12 se trouve presque exclusivement dans les aliments d'origine "
            "animale : ce petit comprimé à sucer au goût de fruits rouges apporte 100 µg de "
            "méthylcobalamine, sans ingrédient d'origine animale."
            "\n\n"
            "La vitamine B12 contribue à réduire la fatigue, à la formation normale de globules "
            "rouges et à des fonctions psychologiques normales."
        ),
        ingredients=(
            "Édulcorant : xylitol, agent de charge : cellulose microcristalline, arôme naturel "
            "de fruits rouges, antiagglomérant : stéarate de magnésium végétal, "
            "méthylcobalamine (vitamine B12)."
        ),
        nutrients=[("Vitamine B12", "100", "µg", 4000)],
        daily_portion="1 comprimé par jour",
        days_per_pack=90,
        usage="Laisser fondre 1 comprimé par jour dans la bouche, en dehors des repas.",
        extra_warnings="Une consommation excessive de xylitol peut avoir des effets laxatifs.",
        weight_grams=45,
        prices=[Price(150, 1190)],
        on_hand=2,
    ),
    supplement(
        slug="complexe-vitamines-b",
        category="vitamines",
        name="Complexe vitamines B – complément alimentaire",
        label=("Vitamines B", "complexe"),
        format="gelules",
        net_quantity="60 gélules – 21 g",
        net_weight_grams=21,
        short_description="Les huit vitamines du groupe B à 100 % des VNR, en une gélule végétale.",
        description=(
            "Une gélule réunit les huit vitamines du groupe B, chacune à 100 % de la valeur "
            "nutritionnelle de référence, avec des formes actives pour les folates et la "
            "vitamine B12."
            "\n\n"
            "Les vitamines B2, B3, B5, B6, B9 et B12 contribuent à réduire la fatigue ; les "
            "vitamines B1, B6 et B12 contribuent à des fonctions psychologiques normales."
        ),
        ingredients=(
            "Agent de charge : cellulose microcristalline, enveloppe de la gélule : "
            "hydroxypropylméthylcellulose, nicotinamide, D-pantothénate de calcium, "
            "chlorhydrate de pyridoxine, riboflavine, chlorhydrate de thiamine, "
            "L-méthylfolate de calcium, D-biotine, méthylcobalamine."
        ),
        nutrients=[
            ("Thiamine (vitamine B1)", "1,1", "mg", 100),
            ("Riboflavine (vitamine B2)", "1,4", "mg", 100),
            ("Niacine (vitamine B3)", "16", "mg", 100),
            ("Acide pantothénique (vitamine B5)", "6", "mg", 100),
            ("Vitamine B6", "1,4", "mg", 100),
            ("Biotine (vitamine B8)", "50", "µg", 100),
            ("Folates (vitamine B9)", "200", "µg", 100),
            ("Vitamine B12", "2,5", "µg", 100),
        ],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage="Avaler 1 gélule par jour avec un verre d'eau au cours du petit-déjeuner.",
        extra_warnings="La riboflavine peut colorer les urines en jaune vif, sans conséquence.",
        weight_grams=40,
        prices=[Price(120, 1390)],
        on_hand=75,
    ),
    supplement(
        slug="multivitamines-mineraux",
        category="vitamines",
        name="Multivitamines et minéraux – complément alimentaire",
        label=("Multi", "vitamines"),
        format="comprimes",
        net_quantity="30 comprimés – 39 g",
        net_weight_grams=39,
        short_description="13 vitamines et 5 minéraux en un comprimé par jour, pour un mois.",
        description=(
            "Une formule quotidienne complète qui réunit 13 vitamines et 5 minéraux à des "
            "doses proches des valeurs nutritionnelles de référence, sans excès."
            "\n\n"
            "La vitamine C, la vitamine D et le zinc contribuent au fonctionnement normal du "
            "système immunitaire ; le fer et le magnésium contribuent à réduire la fatigue."
        ),
        ingredients=(
            "Carbonate de magnésium, agent de charge : cellulose microcristalline, acide "
            "L-ascorbique, bisglycinate de fer, citrate de zinc, acétate de DL-alpha-tocophéryle, "
            "nicotinamide, agent d'enrobage : hydroxypropylméthylcellulose, D-pantothénate de "
            "calcium, acétate de rétinyle, chlorhydrate de pyridoxine, riboflavine, "
            "chlorhydrate de thiamine, acide ptéroylmonoglutamique, iodure de potassium, "
            "phylloquinone, sélénite de sodium, D-biotine, cholécalciférol, cyanocobalamine."
        ),
        nutrients=[
            ("Vitamine A", "400", "µg", 50),
            ("Vitamine D", "5", "µg", 100),
            ("Vitamine E", "12", "mg", 100),
            ("Vitamine K", "37,5", "µg", 50),
            ("Vitamine C", "80", "mg", 100),
            ("Thiamine (vitamine B1)", "1,1", "mg", 100),
            ("Riboflavine (vitamine B2)", "1,4", "mg", 100),
            ("Niacine (vitamine B3)", "16", "mg", 100),
            ("Acide pantothénique (vitamine B5)", "6", "mg", 100),
            ("Vitamine B6", "1,4", "mg", 100),
            ("Biotine (vitamine B8)", "50", "µg", 100),
            ("Folates (vitamine B9)", "200", "µg", 100),
            ("Vitamine B12", "2,5", "µg", 100),
            ("Magnésium", "56", "mg", 15),
            ("Fer", "7", "mg", 50),
            ("Zinc", "5", "mg", 50),
            ("Sélénium", "27,5", "µg", 50),
            ("Iode", "75", "µg", 50),
        ],
        daily_portion="1 comprimé par jour",
        days_per_pack=30,
        usage="Avaler 1 comprimé par jour avec un verre d'eau au cours du petit-déjeuner.",
        weight_grams=55,
        prices=[Price(240, 1690)],
        on_hand=120,
    ),
    supplement(
        slug="vitamine-k2-d3",
        category="vitamines",
        name="Vitamine K2 et D3 – complément alimentaire",
        label=("Vitamines", "K2 + D3"),
        format="gelules",
        net_quantity="60 gélules – 18 g",
        net_weight_grams=18,
        short_description="Vitamine K2 (ménaquinone-7) et vitamine D3 réunies en une gélule.",
        description=(
            "Cette gélule associe 75 µg de vitamine K2 sous forme de ménaquinone-7 et 20 µg de "
            "vitamine D3."
            "\n\n"
            "La vitamine K et la vitamine D contribuent au maintien d'une ossature normale ; la "
            "vitamine D contribue aussi à l'absorption et à l'utilisation normales du calcium."
        ),
        ingredients=(
            "Agent de charge : cellulose microcristalline, enveloppe de la gélule : "
            "hydroxypropylméthylcellulose, ménaquinone-7 (vitamine K2), antiagglomérant : "
            "dioxyde de silicium, cholécalciférol (vitamine D3)."
        ),
        nutrients=[("Vitamine K", "75", "µg", 100), ("Vitamine D", "20", "µg", 400)],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage="Avaler 1 gélule par jour avec un verre d'eau au cours d'un repas.",
        extra_warnings=(
            "Contient de la vitamine K : déconseillé aux personnes traitées par un anticoagulant "
            "antivitamine K, sauf avis médical."
        ),
        weight_grams=40,
        prices=[Price(160, 1990)],
        on_hand=0,
    ),
    supplement(
        slug="vitamine-b9-folates",
        category="vitamines",
        name="Vitamine B9 (folates) 400 µg – complément alimentaire",
        label=("Vitamine B9", "400 µg"),
        format="comprimes",
        net_quantity="90 comprimés – 18 g",
        net_weight_grams=18,
        short_description="Acide folique à 400 µg, un petit comprimé par jour.",
        description=(
            "Un petit comprimé apporte 400 µg d'acide folique."
            "\n\n"
            "Une supplémentation en acide folique augmente le statut maternel en folates ; les "
            "folates contribuent à la croissance des tissus maternels durant la grossesse et à "
            "réduire la fatigue."
        ),
        ingredients=(
            "Lactose (lait), agent de charge : cellulose microcristalline, antiagglomérant : "
            "stéarate de magnésium, acide ptéroylmonoglutamique (acide folique)."
        ),
        allergens="lait",
        nutrients=[("Folates (vitamine B9)", "400", "µg", 200)],
        daily_portion="1 comprimé par jour",
        days_per_pack=90,
        usage="Avaler 1 comprimé par jour avec un verre d'eau.",
        extra_warnings=(
            "Pendant la grossesse, demander conseil à votre médecin ou à votre sage-femme."
        ),
        weight_grams=30,
        prices=[Price(200, 790)],
        on_hand=45,
    ),
    supplement(
        slug="gommes-vitamines-c-d-zinc",
        category="vitamines",
        name="Gommes vitamines C, D et zinc goût orange – complément alimentaire",
        label=("Gommes", "C + D + zinc"),
        format="gommes",
        net_quantity="60 gommes – 150 g",
        net_weight_grams=150,
        short_description="Deux gommes à mâcher au goût d'orange, avec vitamines C, D et zinc.",
        description=(
            "Des gommes à mâcher à la pectine, au goût d'orange, colorées avec un concentré de "
            "carotte, sans gélatine animale. Deux gommes apportent 80 mg de vitamine C, 10 µg de "
            "vitamine D et 5 mg de zinc."
            "\n\n"
            "La vitamine C, la vitamine D et le zinc contribuent au fonctionnement normal du "
            "système immunitaire."
            "\n\n"
            "Produit de confiserie : TVA à 20 %."
        ),
        ingredients=(
            "Sucre, sirop de glucose, eau, gélifiant : pectine, acidifiant : acide citrique, "
            "acide L-ascorbique, arôme naturel d'orange, concentré de carotte, citrate de zinc, "
            "agent d'enrobage : cire de carnauba, cholécalciférol (vitamine D3)."
        ),
        nutrients=[
            ("Vitamine C", "80", "mg", 100),
            ("Vitamine D", "10", "µg", 200),
            ("Zinc", "5", "mg", 50),
        ],
        daily_portion="2 gommes par jour",
        days_per_pack=30,
        usage="Mâcher 2 gommes par jour, de préférence au cours d'un repas.",
        extra_warnings=(
            "Réservé à l'adulte. Contient du sucre (3 g pour 2 gommes) : à prendre en compte "
            "dans une alimentation équilibrée. Se brosser les dents après consommation."
        ),
        vat_rate=VAT_STANDARD,
        weight_grams=190,
        prices=[Price(90, 1490)],
        on_hand=90,
    ),
]
