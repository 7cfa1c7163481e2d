"""Demo products: minerals."""

from ._common import Price, supplement

MINERALS = [
    supplement(
        slug="magnesium-bisglycinate-b6",
        category="mineraux",
        name="Magnésium bisglycinate et vitamine B6 – complément alimentaire",
        label=("Magnésium", "bisglycinate"),
        format="gelules",
        net_quantity="90 gélules – 72 g",
        net_weight_grams=72,
        short_description=(
            "Magnésium lié à la glycine, 300 mg par jour avec de la vitamine B6, en gélules "
            "végétales."
        ),
        description=(
            "Le bisglycinate de magnésium associe le magnésium à un acide aminé, la glycine : "
            "une forme douce, généralement bien tolérée. Trois gélules apportent 300 mg de "
            "magnésium et 1,4 mg de vitamine B6."
            "\n\n"
            "Le magnésium contribue à réduire la fatigue, au fonctionnement normal du système "
            "nerveux et à une fonction musculaire normale ; la vitamine B6 contribue à des "
            "fonctions psychologiques normales."
        ),
        ingredients=(
            "Bisglycinate de magnésium, enveloppe de la gélule : hydroxypropylméthylcellulose, "
            "antiagglomérant : stéarate de magnésium végétal, chlorhydrate de pyridoxine "
            "(vitamine B6)."
        ),
        nutrients=[("Magnésium", "300", "mg", 80), ("Vitamine B6", "1,4", "mg", 100)],
        daily_portion="3 gélules par jour",
        days_per_pack=30,
        usage=(
            "Avaler 3 gélules par jour avec un verre d'eau, en une ou plusieurs prises au cours "
            "des repas."
        ),
        weight_grams=110,
        prices=[Price(90, 2490), Price(40, 2290), Price(5, 1790, reduction=True)],
        on_hand=140,
    ),
    supplement(
        slug="magnesium-marin-b6",
        category="mineraux",
        name="Magnésium marin et vitamine B6 – complément alimentaire",
        label=("Magnésium", "marin + B6"),
        format="comprimes",
        net_quantity="60 comprimés – 66 g",
        net_weight_grams=66,
        short_description="Magnésium issu de l'eau de mer et vitamine B6, deux comprimés par jour.",
        description=(
            "Un magnésium obtenu à partir de l'eau de mer, associé à la vitamine B6. Deux "
            "comprimés apportent 300 mg de magnésium, soit 80 % de la valeur nutritionnelle de "
            "référence."
            "\n\n"
            "Le magnésium et la vitamine B6 contribuent à réduire la fatigue et au "
            "fonctionnement normal du système nerveux."
        ),
        ingredients=(
            "Oxyde de magnésium marin, agent de charge : cellulose microcristalline, "
            "antiagglomérants : stéarate de magnésium, dioxyde de silicium, agent d'enrobage : "
            "hydroxypropylméthylcellulose, chlorhydrate de pyridoxine (vitamine B6)."
        ),
        nutrients=[("Magnésium", "300", "mg", 80), ("Vitamine B6", "1,4", "mg", 100)],
        daily_portion="2 comprimés par jour",
        days_per_pack=30,
        usage="Avaler 2 comprimés par jour avec un grand verre d'eau, au cours des repas.",
        extra_warnings="Une consommation importante de magnésium peut avoir un effet laxatif.",
        weight_grams=95,
        prices=[Price(210, 990)],
        on_hand=200,
    ),
    supplement(
        slug="zinc-15",
        category="mineraux",
        name="Zinc 15 mg – complément alimentaire",
        label=("Zinc", "15 mg"),
        format="gelules",
        net_quantity="60 gélules – 16 g",
        net_weight_grams=16,
        short_description="Bisglycinate de zinc en gélule végétale, une par jour.",
        description=(
            "Une gélule apporte 15 mg de zinc sous forme de bisglycinate."
            "\n\n"
            "Le zinc contribue au fonctionnement normal du système immunitaire, au maintien "
            "d'une peau, de cheveux et d'ongles normaux et à protéger les cellules contre le "
            "stress oxydatif."
        ),
        ingredients=(
            "Agent de charge : cellulose microcristalline, bisglycinate de zinc, enveloppe de la "
            "gélule : hydroxypropylméthylcellulose, antiagglomérant : dioxyde de silicium."
        ),
        nutrients=[("Zinc", "15", "mg", 150)],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage="Avaler 1 gélule par jour avec un verre d'eau, au cours d'un repas.",
        weight_grams=35,
        prices=[Price(150, 890), Price(12, 990)],
        on_hand=85,
    ),
    supplement(
        slug="fer-vitamine-c",
        category="mineraux",
        name="Fer et vitamine C – complément alimentaire",
        label=("Fer", "+ vitamine C"),
        format="gelules",
        net_quantity="60 gélules – 15 g",
        net_weight_grams=15,
        short_description="Bisglycinate de fer à 14 mg et vitamine C, une gélule par jour.",
        description=(
            "Une gélule associe 14 mg de fer sous forme de bisglycinate et 40 mg de vitamine C."
            "\n\n"
            "Le fer contribue à réduire la fatigue, à la formation normale de globules rouges et "
            "d'hémoglobine et au transport normal de l'oxygène dans l'organisme ; la vitamine C "
            "accroît l'absorption du fer."
        ),
        ingredients=(
            "Bisglycinate de fer, agent de charge : cellulose microcristalline, enveloppe de la "
            "gélule : hydroxypropylméthylcellulose, acide L-ascorbique (vitamine C)."
        ),
        nutrients=[("Fer", "14", "mg", 100), ("Vitamine C", "40", "mg", 50)],
        daily_portion="1 gélule par jour",
        days_per_pack=60,
        usage=(
            "Avaler 1 gélule par jour avec un verre d'eau, à distance du thé, du café et des "
            "produits laitiers."
        ),
        extra_warnings=(
            "Réservé à l'adulte. Le fer peut être dangereux pour les jeunes enfants en cas "
            "d'ingestion accidentelle."
        ),
        weight_grams=35,
        prices=[Price(130, 1090)],
        on_hand=3,
    ),
    supplement(
        slug="calcium-vitamine-d3",
        category="mineraux",
        name="Calcium et vitamine D3 – complément alimentaire",
        label=("Calcium", "+ D3"),
        format="comprimes",
        net_quantity="60 comprimés – 96 g",
        net_weight_grams=96,
        short_description="800 mg de calcium et 10 µg de vitamine D3 pour deux comprimés.",
        description=(
            "Deux comprimés apportent 800 mg de calcium, issu du carbonate de calcium, et 10 µg "
            "de vitamine D3."
            "\n\n"
            "Le calcium est nécessaire au maintien d'une ossature normale ; la vitamine D "
            "contribue à l'absorption et à l'utilisation normales du calcium et du phosphore."
        ),
        ingredients=(
            "Carbonate de calcium, agent de charge : cellulose microcristalline, agent "
            "d'enrobage : hydroxypropylméthylcellulose, antiagglomérant : stéarate de magnésium, "
            "cholécalciférol (vitamine D3)."
        ),
        nutrients=[("Calcium", "800", "mg", 100), ("Vitamine D", "10", "µg", 200)],
        daily_portion="2 comprimés par jour",
        days_per_pack=30,
        usage="Avaler 1 comprimé matin et soir avec un grand verre d'eau, au cours des repas.",
        weight_grams=130,
        prices=[Price(180, 890)],
        on_hand=0,
    ),
    supplement(
        slug="selenium-55",
        category="mineraux",
        name="Sélénium 55 µg – complément alimentaire",
        label=("Sélénium", "55 µg"),
        format="gelules",
        net_quantity="90 gélules – 23 g",
        net_weight_grams=23,
        short_description="L-sélénométhionine à 100 % de la VNR, une gélule par jour.",
        description=(
            "Une gélule apporte 55 µg de sélénium sous forme de L-sélénométhionine, soit 100 % "
            "de la valeur nutritionnelle de référence."
            "\n\n"
            "Le sélénium contribue au fonctionnement normal de la thyroïde, au maintien de "
            "cheveux et d'ongles normaux et à protéger les cellules contre le stress oxydatif."
        ),
        ingredients=(
            "Agent de charge : cellulose microcristalline, enveloppe de la gélule : "
            "hydroxypropylméthylcellulose, L-sélénométhionine."
        ),
        nutrients=[("Sélénium", "55", "µg", 100)],
        daily_portion="1 gélule par jour",
        days_per_pack=90,
        usage="Avaler 1 gélule par jour avec un verre d'eau.",
        weight_grams=40,
        prices=[Price(160, 790)],
        on_hand=58,
    ),
    supplement(
        slug="cheveux-ongles-zinc-selenium-biotine",
        category="mineraux",
        name="Cheveux et ongles, zinc, sélénium et biotine – complément alimentaire",
        label=("Cheveux", "et ongles"),
        format="gelules",
        net_quantity="60 gélules – 30 g",
        net_weight_grams=30,
        short_description="Zinc, sélénium, biotine et L-cystine, deux gélules par jour.",
        description=(
            "Une formule pour la routine beauté qui associe zinc, sélénium, biotine et "
            "L-cystine, un acide aminé soufré."
            "\n\n"
            "Le zinc, le sélénium et la biotine contribuent au maintien de cheveux normaux ; le "
            "zinc et le sélénium contribuent au maintien d'ongles normaux ; la biotine et le zinc "
            "contribuent au maintien d'une peau normale."
        ),
        ingredients=(
            "L-cystine, enveloppe de la gélule : hydroxypropylméthylcellulose, agent de charge : "
            "cellulose microcristalline, citrate de zinc, antiagglomérant : dioxyde de "
            "silicium, L-sélénométhionine, D-biotine."
        ),
        nutrients=[
            ("L-cystine", "200", "mg", None),
            ("Zinc", "10", "mg", 100),
            ("Sélénium", "55", "µg", 100),
            ("Biotine (vitamine B8)", "150", "µg", 300),
        ],
        daily_portion="2 gélules par jour",
        days_per_pack=30,
        usage="Avaler 2 gélules par jour avec un verre d'eau, au cours du petit-déjeuner.",
        extra_warnings=(
            "La biotine peut fausser certaines analyses de sang : signalez sa prise au laboratoire."
        ),
        weight_grams=50,
        prices=[Price(100, 1890)],
        on_hand=66,
    ),
]
