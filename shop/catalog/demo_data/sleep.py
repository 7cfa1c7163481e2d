"""Demo products: sleep and relaxation."""

from ._common import ASTERACEAE, MEDICAL_ADVICE, PREGNANCY, STORAGE_LIQUID, Price, supplement

# Precautions advised by ANSES for melatonin (opinion of 2018).
MELATONIN_WARNINGS = (
    "Déconseillé aux femmes enceintes ou allaitantes, aux enfants et aux adolescents, aux "
    "personnes souffrant de maladies inflammatoires ou auto-immunes, d'épilepsie, d'asthme ou "
    "de troubles de l'humeur, du comportement ou de la personnalité. En cas de traitement "
    "médicamenteux, demander l'avis d'un médecin. Éviter la conduite automobile et les "
    "activités demandant de la vigilance après la prise."
)
MELATONIN_CLAIM = (
    "La mélatonine contribue à réduire le temps d'endormissement ; l'effet bénéfique est obtenu "
    "par la consommation de 1 mg de mélatonine peu de temps avant le coucher."
)
DROWSINESS = (
    "Peut entraîner une somnolence : éviter la conduite après la prise et ne pas associer à "
    "des médicaments pour dormir ou à l'alcool."
)

SLEEP = [
    supplement(
        slug="melatonine-1-mg",
        category="sommeil-detente",
        name="Mélatonine 1 mg – complément alimentaire",
        label=("Mélatonine", "1 mg"),
        format="comprimes",
        net_quantity="60 comprimés – 9 g",
        net_weight_grams=9,
        short_description="Un petit comprimé de 1 mg de mélatonine à prendre avant le coucher.",
        description=(
            "Un petit comprimé sécable de 1 mg de mélatonine, à laisser fondre ou à avaler "
            "avant le coucher.\n\n" + MELATONIN_CLAIM
        ),
        ingredients=(
            "Agent de charge : cellulose microcristalline, phosphate dicalcique, "
            "antiagglomérant : stéarate de magnésium, mélatonine."
        ),
        nutrients=[("Mélatonine", "1", "mg", None)],
        daily_portion="1 comprimé par jour",
        days_per_pack=60,
        usage="Prendre 1 comprimé par jour, une demi-heure avant le coucher.",
        extra_warnings=MELATONIN_WARNINGS,
        weight_grams=25,
        prices=[Price(140, 890)],
        on_hand=130,
    ),
    supplement(
        slug="melatonine-spray",
        category="sommeil-detente",
        name="Mélatonine en spray goût menthe – complément alimentaire",
        label=("Mélatonine", "spray"),
        format="liquide",
        net_quantity="20 ml (environ 200 pulvérisations)",
        net_weight_grams=20,
        short_description="Spray buccal de mélatonine au goût de menthe, 1 mg en 4 pulvérisations.",
        description=(
            "Un spray à pulvériser sous la langue, au goût de menthe douce, pratique en voyage. "
            "Quatre pulvérisations apportent 1 mg de mélatonine.\n\n" + MELATONIN_CLAIM + "\n\n"
            "Produit commandé auprès de notre fournisseur à réception de votre commande."
        ),
        ingredients=(
            "Eau, humectant : glycérol, conservateur : sorbate de potassium, arôme naturel de "
            "menthe, acidifiant : acide citrique, mélatonine."
        ),
        nutrients=[("Mélatonine", "1", "mg", None)],
        daily_portion="4 pulvérisations par jour",
        days_per_pack=50,
        usage="Pulvériser 4 fois sous la langue, une demi-heure avant le coucher.",
        extra_warnings=MELATONIN_WARNINGS,
        storage=STORAGE_LIQUID,
        weight_grams=60,
        prices=[Price(90, 1490)],
        on_hand=0,
        on_demand=True,
        supplier_delay_days=7,
    ),
    supplement(
        slug="valeriane-passiflore",
        category="sommeil-detente",
        name="Valériane et passiflore – complément alimentaire",
        label=("Valériane", "+ passiflore"),
        format="gelules",
        net_quantity="60 gélules – 30 g",
        net_weight_grams=30,
        short_description="Deux plantes du soir réunies : racine de valériane et passiflore.",
        description=(
            "La valériane (Valeriana officinalis) est une plante des prairies humides dont on "
            "utilise la racine ; la passiflore (Passiflora incarnata) est une liane aux fleurs "
            "spectaculaires dont on utilise les parties aériennes. Deux gélules végétales "
            "apportent 300 mg d'extrait de valériane et 200 mg d'extrait de passiflore."
        ),
        ingredients=(
            "Extrait sec de racine de valériane (Valeriana officinalis L.), extrait sec de "
            "parties aériennes de passiflore (Passiflora incarnata L.), enveloppe de la gélule : "
            "hydroxypropylméthylcellulose."
        ),
        nutrients=[
            ("Extrait de valériane", "300", "mg", None),
            ("Extrait de passiflore", "200", "mg", None),
        ],
        daily_portion="2 gélules par jour",
        days_per_pack=30,
        usage="Avaler 2 gélules avec un verre d'eau, une heure avant le coucher.",
        plant_warnings=f"{PREGNANCY} {DROWSINESS} {MEDICAL_ADVICE}",
        weight_grams=45,
        prices=[Price(160, 1290)],
        on_hand=0,
    ),
    supplement(
        slug="melisse-camomille-magnesium",
        category="sommeil-detente",
        name="Mélisse, camomille et magnésium – complément alimentaire",
        label=("Mélisse", "camomille"),
        format="gelules",
        net_quantity="60 gélules – 36 g",
        net_weight_grams=36,
        short_description="Mélisse, camomille, magnésium et vitamine B6 pour la fin de journée.",
        description=(
            "Une formule du soir qui associe deux plantes de tisane, la mélisse et la camomille "
            "romaine, à 150 mg de magnésium et à la vitamine B6."
            "\n\n"
            "Le magnésium et la vitamine B6 contribuent à des fonctions psychologiques normales, "
            "au fonctionnement normal du système nerveux et à réduire la fatigue."
        ),
        ingredients=(
            "Bisglycinate de magnésium, extrait sec de feuille de mélisse (Melissa officinalis "
            "L.), extrait sec de fleur de camomille romaine (Chamaemelum nobile (L.) All.), "
            "enveloppe de la gélule : hydroxypropylméthylcellulose, chlorhydrate de pyridoxine "
            "(vitamine B6)."
        ),
        nutrients=[
            ("Magnésium", "150", "mg", 40),
            ("Vitamine B6", "1,4", "mg", 100),
            ("Extrait de mélisse", "200", "mg", None),
            ("Extrait de camomille romaine", "100", "mg", None),
        ],
        daily_portion="2 gélules par jour",
        days_per_pack=30,
        usage="Avaler 2 gélules par jour avec un verre d'eau, au cours du dîner.",
        plant_warnings=f"{PREGNANCY} {ASTERACEAE}",
        weight_grams=55,
        prices=[Price(130, 1490)],
        on_hand=88,
    ),
    supplement(
        slug="rhodiola-magnesium-vitamines-b",
        category="sommeil-detente",
        name="Rhodiola, magnésium et vitamines B – complément alimentaire",
        label=("Rhodiola", "+ Mg + B"),
        format="gelules",
        net_quantity="60 gélules – 30 g",
        net_weight_grams=30,
        short_description="Extrait de rhodiola associé au magnésium et aux vitamines B6 et B12.",
        description=(
            "La rhodiola (Rhodiola rosea) pousse dans les régions froides et montagneuses "
            "d'Europe et d'Asie ; on en utilise la racine. Deux gélules apportent 200 mg "
            "d'extrait titré à 3 % en rosavines, 100 mg de magnésium et les vitamines B6 et B12."
            "\n\n"
            "Le magnésium, la vitamine B6 et la vitamine B12 contribuent à réduire la fatigue "
            "et à des fonctions psychologiques normales."
        ),
        ingredients=(
            "Bisglycinate de magnésium, extrait sec de racine de rhodiola (Rhodiola rosea L.), "
            "enveloppe de la gélule : hydroxypropylméthylcellulose, chlorhydrate de pyridoxine "
            "(vitamine B6), méthylcobalamine (vitamine B12)."
        ),
        nutrients=[
            ("Extrait de rhodiola", "200", "mg", None),
            ("dont rosavines", "6", "mg", None),
            ("Magnésium", "100", "mg", 27),
            ("Vitamine B6", "1,4", "mg", 100),
            ("Vitamine B12", "2,5", "µg", 100),
        ],
        daily_portion="2 gélules par jour",
        days_per_pack=30,
        usage="Avaler 2 gélules le matin avec un verre d'eau. Éviter la prise en soirée.",
        plant_warnings=(
            f"{PREGNANCY} Déconseillé aux personnes présentant des troubles de l'humeur. "
            f"{MEDICAL_ADVICE}"
        ),
        weight_grams=50,
        prices=[Price(115, 1890)],
        on_hand=42,
    ),
]
