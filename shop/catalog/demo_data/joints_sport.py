"""Demo products: joints, sport and energy."""

from ._common import (
    ANTICOAGULANTS,
    HS_CREATINE,
    MEDICAL_ADVICE,
    PREGNANCY,
    STORAGE_OIL,
    Price,
    supplement,
)

JOINTS = [
    supplement(
        slug="glucosamine-chondroitine",
        category="articulations",
        name="Glucosamine et chondroïtine – complément alimentaire",
        label=("Glucosamine", "chondroïtine"),
        format="comprimes",
        net_quantity="90 comprimés – 135 g",
        net_weight_grams=135,
        short_description=(
            "Glucosamine, chondroïtine, vitamine C et manganèse, trois comprimés par jour."
        ),
        description=(
            "Trois comprimés apportent 1500 mg de sulfate de glucosamine, 800 mg de sulfate de "
            "chondroïtine, 80 mg de vitamine C et 2 mg de manganèse."
            "\n\n"
            "La vitamine C contribue à la formation normale de collagène pour assurer le "
            "fonctionnement normal des cartilages ; le manganèse contribue à la formation "
            "normale des tissus conjonctifs."
        ),
        ingredients=(
            "Sulfate de glucosamine (issu de crustacés), sulfate de chondroïtine (issu de "
            "poisson), agent de charge : cellulose microcristalline, acide L-ascorbique "
            "(vitamine C), agent d'enrobage : hydroxypropylméthylcellulose, antiagglomérant : "
            "stéarate de magnésium, gluconate de manganèse."
        ),
        allergens="crustacés, poisson",
        nutrients=[
            ("Sulfate de glucosamine", "1500", "mg", None),
            ("Sulfate de chondroïtine", "800", "mg", None),
            ("Vitamine C", "80", "mg", 100),
            ("Manganèse", "2", "mg", 100),
        ],
        daily_portion="3 comprimés par jour",
        days_per_pack=30,
        usage="Avaler 3 comprimés par jour avec un grand verre d'eau, au cours des repas.",
        extra_warnings="Ne pas consommer en cas d'allergie aux crustacés ou au poisson.",
        plant_warnings=(
            f"{PREGNANCY} {ANTICOAGULANTS} Les personnes diabétiques ou asthmatiques "
            f"demanderont l'avis de leur médecin."
        ),
        weight_grams=180,
        prices=[Price(210, 2490)],
        on_hand=70,
    ),
    supplement(
        slug="collagene-marin-vitamine-c",
        category="articulations",
        name="Collagène marin et vitamine C en poudre – complément alimentaire",
        label=("Collagène", "marin"),
        format="poudre",
        net_quantity="300 g (30 doses de 10 g)",
        net_weight_grams=300,
        short_description="Peptides de collagène de poisson et vitamine C, sans arôme, à diluer.",
        description=(
            "Des peptides de collagène obtenus par hydrolyse de peau de poisson sauvage, "
            "associés à la vitamine C. La poudre, sans goût, se dissout dans l'eau, un jus ou "
            "un yaourt. Une dose de 10 g apporte 80 mg de vitamine C."
            "\n\n"
            "La vitamine C contribue à la formation normale de collagène pour assurer le "
            "fonctionnement normal des cartilages, des os et de la peau."
        ),
        ingredients=(
            "Collagène hydrolysé de poisson (peptides de collagène), acide L-ascorbique "
            "(vitamine C)."
        ),
        allergens="poisson",
        nutrients=[
            ("Peptides de collagène de poisson", "10", "g", None),
            ("Vitamine C", "80", "mg", 100),
        ],
        daily_portion="1 dose de 10 g par jour (2 cuillères mesure)",
        days_per_pack=30,
        usage=(
            "Diluer 1 dose de 10 g (2 cuillères mesure fournies) dans 200 ml d'eau ou de jus, "
            "une fois par jour."
        ),
        weight_grams=380,
        prices=[Price(200, 3490), Price(10, 2790, reduction=True)],
        on_hand=55,
    ),
    supplement(
        slug="msm-manganese",
        category="articulations",
        name="MSM et manganèse – complément alimentaire",
        label=("MSM", "+ manganèse"),
        format="gelules",
        net_quantity="60 gélules – 42 g",
        net_weight_grams=42,
        short_description="Méthylsulfonylméthane (MSM) et manganèse en gélules végétales.",
        description=(
            "Le MSM (méthylsulfonylméthane) est une source de soufre organique. Deux gélules en "
            "apportent 1000 mg, avec 2 mg de manganèse."
            "\n\n"
            "Le manganèse contribue à la formation normale des tissus conjonctifs et au maintien "
            "d'une ossature normale."
        ),
        ingredients=(
            "Méthylsulfonylméthane (MSM), enveloppe de la gélule : "
            "hydroxypropylméthylcellulose, gluconate de manganèse."
        ),
        nutrients=[("MSM", "1000", "mg", None), ("Manganèse", "2", "mg", 100)],
        daily_portion="2 gélules par jour",
        days_per_pack=30,
        usage="Avaler 2 gélules par jour avec un verre d'eau, au cours d'un repas.",
        extra_warnings=PREGNANCY,
        weight_grams=60,
        prices=[Price(175, 1590)],
        on_hand=40,
    ),
    supplement(
        slug="harpagophytum",
        category="articulations",
        name="Harpagophytum – complément alimentaire",
        label=("Harpago-", "phytum"),
        format="gelules",
        net_quantity="60 gélules – 39 g",
        net_weight_grams=39,
        short_description=(
            "Extrait de racine d'harpagophytum d'Afrique australe, titré en harpagoside."
        ),
        description=(
            "L'harpagophytum (Harpagophytum procumbens), ou « griffe du diable », est une "
            "plante rampante des terres sableuses du Kalahari, dont on récolte les racines "
            "secondaires. Deux gélules apportent 600 mg d'extrait titré à 2,5 % en harpagoside."
            "\n\n"
            "Produit commandé auprès de notre fournisseur à réception de votre commande."
        ),
        ingredients=(
            "Extrait sec de racine secondaire d'harpagophytum (Harpagophytum procumbens DC.), "
            "enveloppe de la gélule : hydroxypropylméthylcellulose."
        ),
        nutrients=[
            ("Extrait d'harpagophytum", "600", "mg", None),
            ("dont harpagoside", "15", "mg", None),
        ],
        daily_portion="2 gélules par jour",
        days_per_pack=30,
        usage="Avaler 2 gélules par jour avec un verre d'eau, au cours des repas.",
        plant_warnings=(
            f"{PREGNANCY} Déconseillé en cas d'ulcère de l'estomac ou du duodénum et de calculs "
            f"biliaires. {ANTICOAGULANTS} {MEDICAL_ADVICE}"
        ),
        weight_grams=55,
        prices=[Price(150, 1390)],
        on_hand=0,
        on_demand=True,
        supplier_delay_days=5,
    ),
]

SPORT = [
    supplement(
        slug="creatine-monohydrate",
        category="sport-energie",
        name="Créatine monohydrate en poudre – complément alimentaire",
        label=("Créatine", "monohydrate"),
        format="poudre",
        net_quantity="300 g (100 doses de 3 g)",
        net_weight_grams=300,
        hs_code=HS_CREATINE,
        short_description="Créatine monohydrate micronisée pure, 3 g par jour, sans arôme.",
        description=(
            "Une créatine monohydrate micronisée, sans aucun autre ingrédient, qui se mélange "
            "facilement à l'eau ou à une boisson."
            "\n\n"
            "La créatine augmente la performance physique lors d'exercices successifs de courte "
            "durée et de haute intensité ; l'effet bénéfique est obtenu par la consommation "
            "journalière de 3 g de créatine."
        ),
        ingredients="Créatine monohydrate 100 %.",
        nutrients=[("Créatine", "3", "g", None)],
        daily_portion="1 dose de 3 g par jour (1 cuillère mesure)",
        days_per_pack=100,
        usage=(
            "Diluer 1 cuillère mesure (3 g) dans 250 ml d'eau ou de jus, une fois par jour, "
            "les jours d'entraînement comme les jours de repos."
        ),
        extra_warnings=(
            "Réservé à l'adulte. Déconseillé aux femmes enceintes ou allaitantes. Boire "
            "suffisamment d'eau au cours de la journée."
        ),
        weight_grams=340,
        prices=[Price(230, 2290)],
        on_hand=75,
    ),
    supplement(
        slug="electrolytes-citron",
        category="sport-energie",
        name="Électrolytes goût citron en poudre – complément alimentaire",
        label=("Électrolytes", "citron"),
        format="poudre",
        net_quantity="150 g (30 doses de 5 g)",
        net_weight_grams=150,
        short_description=(
            "Sodium, potassium, magnésium et calcium à diluer dans l'eau, goût citron."
        ),
        description=(
            "Une poudre au goût de citron à diluer dans la gourde pendant ou après l'effort, "
            "sucrée à la stévia. Une dose de 5 g apporte sodium, potassium, chlorure, magnésium "
            "et calcium."
            "\n\n"
            "Le potassium contribue à une fonction musculaire normale ; le magnésium contribue "
            "à l'équilibre électrolytique."
        ),
        ingredients=(
            "Maltodextrine, citrate de potassium, chlorure de sodium, citrate de magnésium, "
            "lactate de calcium, acidifiant : acide citrique, arôme naturel de citron, "
            "édulcorant : glycosides de stéviol."
        ),
        nutrients=[
            ("Sodium", "300", "mg", None),
            ("Potassium", "400", "mg", 20),
            ("Chlorure", "460", "mg", 58),
            ("Magnésium", "75", "mg", 20),
            ("Calcium", "120", "mg", 15),
        ],
        daily_portion="1 dose de 5 g par jour",
        days_per_pack=30,
        usage="Diluer 1 dose de 5 g (1 cuillère mesure) dans 500 ml d'eau fraîche.",
        weight_grams=200,
        prices=[Price(100, 1690)],
        on_hand=60,
    ),
    supplement(
        slug="coenzyme-q10",
        category="sport-energie",
        name="Coenzyme Q10 100 mg – complément alimentaire",
        label=("Coenzyme", "Q10"),
        format="capsules",
        net_quantity="60 capsules – 33 g",
        net_weight_grams=33,
        short_description=(
            "Coenzyme Q10 (ubiquinone) dans l'huile de tournesol, une capsule par jour."
        ),
        description=(
            "Le coenzyme Q10, ou ubiquinone, est une substance que l'organisme fabrique "
            "lui-même et que l'on trouve aussi en petite quantité dans la viande et le poisson. "
            "Une capsule apporte 100 mg de coenzyme Q10 obtenu par fermentation, dissous dans "
            "l'huile de tournesol pour une prise au cours d'un repas."
        ),
        ingredients=(
            "Huile de tournesol, coenzyme Q10 (ubiquinone), enveloppe de la capsule : gélatine "
            "bovine, humectant : glycérol."
        ),
        nutrients=[("Coenzyme Q10", "100", "mg", None)],
        daily_portion="1 capsule par jour",
        days_per_pack=60,
        usage="Avaler 1 capsule par jour avec un verre d'eau, au cours d'un repas.",
        extra_warnings=(
            f"{PREGNANCY} Déconseillé aux personnes traitées par un anticoagulant antivitamine "
            f"K ou par un médicament de la famille des statines, sauf avis médical."
        ),
        storage=STORAGE_OIL,
        weight_grams=50,
        prices=[Price(190, 2690)],
        on_hand=24,
    ),
    supplement(
        slug="guarana-vitamines-b",
        category="sport-energie",
        name="Guarana et vitamines B – complément alimentaire",
        label=("Guarana", "+ vitamines B"),
        format="comprimes",
        net_quantity="40 comprimés – 32 g",
        net_weight_grams=32,
        short_description=(
            "Extrait de graines de guarana et six vitamines B, deux comprimés le matin."
        ),
        description=(
            "Le guarana (Paullinia cupana) est une liane d'Amazonie dont les graines contiennent "
            "naturellement de la caféine. Deux comprimés apportent 500 mg d'extrait de graines, "
            "soit 50 mg de caféine, et six vitamines du groupe B."
            "\n\n"
            "Les vitamines B1, B2, B3, B5, B6 et B12 contribuent à un métabolisme énergétique "
            "normal ; les vitamines B2, B3, B5, B6 et B12 contribuent à réduire la fatigue."
        ),
        ingredients=(
            "Extrait sec de graine de guarana (Paullinia cupana Kunth), agent de charge : "
            "cellulose microcristalline, nicotinamide, D-pantothénate de calcium, "
            "antiagglomérant : stéarate de magnésium, chlorhydrate de pyridoxine, riboflavine, "
            "chlorhydrate de thiamine, cyanocobalamine."
        ),
        nutrients=[
            ("Extrait de guarana", "500", "mg", None),
            ("dont caféine", "50", "mg", None),
            ("Thiamine (vitamine B1)", "1,1", "mg", 100),
            ("Riboflavine (vitamine B2)", "1,4", "mg", 100),
            ("Niacine (vitamine B3)", "16", "mg", 100),
            ("Acide pantothénique (vitamine B5)", "6", "mg", 100),
            ("Vitamine B6", "1,4", "mg", 100),
            ("Vitamine B12", "2,5", "µg", 100),
        ],
        daily_portion="2 comprimés par jour",
        days_per_pack=20,
        usage="Avaler 2 comprimés le matin avec un verre d'eau. Ne pas prendre après 16 h.",
        extra_warnings=(
            "Contient de la caféine. Déconseillé aux enfants et aux femmes enceintes ou "
            "allaitantes (50 mg de caféine pour 2 comprimés). Éviter de consommer en même temps "
            "d'autres sources de caféine."
        ),
        plant_warnings=(
            "Déconseillé aux personnes sensibles à la caféine ou souffrant d'hypertension."
        ),
        weight_grams=45,
        prices=[Price(125, 1290)],
        on_hand=150,
    ),
]
