"""Demo products: omega-3 and other fatty acids."""

from ._common import (
    ANTICOAGULANTS,
    HS_FISH_OIL,
    HS_OIL_MIXTURE,
    HS_VEGETABLE_OIL,
    STORAGE_OIL,
    Price,
    supplement,
)

OMEGA = [
    supplement(
        slug="omega-3-epa-dha",
        category="omega-3-acides-gras",
        name="Oméga-3 EPA et DHA – complément alimentaire",
        label=("Oméga-3", "EPA + DHA"),
        format="capsules",
        net_quantity="120 capsules – 160 g",
        net_weight_grams=160,
        hs_code=HS_FISH_OIL,
        short_description=(
            "Huile de poisson concentrée : 660 mg d'EPA et 440 mg de DHA pour deux capsules."
        ),
        description=(
            "Une huile de petits poissons (anchois, sardine, maquereau) purifiée par "
            "distillation moléculaire puis concentrée en oméga-3, protégée de l'oxydation par "
            "de la vitamine E naturelle. Deux capsules apportent 660 mg d'EPA et 440 mg de DHA."
            "\n\n"
            "L'EPA et le DHA contribuent à une fonction cardiaque normale ; le DHA contribue au "
            "maintien d'une fonction cérébrale normale et d'une vision normale. L'effet "
            "bénéfique est obtenu par la consommation journalière de 250 mg d'EPA et de DHA."
        ),
        ingredients=(
            "Huile de poisson concentrée (anchois, sardine, maquereau), enveloppe de la capsule : "
            "gélatine de poisson, humectant : glycérol ; antioxydant : D-alpha-tocophérol "
            "(vitamine E)."
        ),
        allergens="poisson",
        nutrients=[
            ("Huile de poisson concentrée", "2000", "mg", None),
            ("dont EPA (acide eicosapentaénoïque)", "660", "mg", None),
            ("dont DHA (acide docosahexaénoïque)", "440", "mg", None),
            ("Vitamine E", "2,4", "mg", 20),
        ],
        daily_portion="2 capsules par jour",
        days_per_pack=60,
        usage="Avaler 2 capsules par jour avec un verre d'eau, au cours d'un repas.",
        plant_warnings=ANTICOAGULANTS,
        storage=STORAGE_OIL,
        weight_grams=210,
        prices=[Price(100, 2990), Price(20, 2790), Price(3, 2390, reduction=True)],
        on_hand=96,
    ),
    supplement(
        slug="omega-3-algue-dha",
        category="omega-3-acides-gras",
        name="Oméga-3 d'algue DHA et EPA – complément alimentaire",
        label=("Oméga-3", "d'algue"),
        format="capsules",
        net_quantity="60 capsules – 78 g",
        net_weight_grams=78,
        hs_code=HS_VEGETABLE_OIL,
        short_description="DHA et EPA issus de micro-algues, en capsules végétales.",
        description=(
            "Les poissons tirent leurs oméga-3 des micro-algues : cette huile vient directement "
            "de la micro-algue Schizochytrium, cultivée en bioréacteur. Deux capsules végétales "
            "apportent 400 mg de DHA et 200 mg d'EPA, sans ingrédient d'origine animale."
            "\n\n"
            "L'EPA et le DHA contribuent à une fonction cardiaque normale (effet obtenu avec "
            "250 mg d'EPA et de DHA par jour) ; le DHA contribue au maintien d'une vision "
            "normale."
        ),
        ingredients=(
            "Huile de micro-algue (Schizochytrium sp.), enveloppe de la capsule : amidon de maïs "
            "modifié, humectant : glycérol, gélifiant : carraghénanes ; antioxydants : extrait "
            "riche en tocophérols, extrait de romarin."
        ),
        nutrients=[
            ("Huile de micro-algue", "1000", "mg", None),
            ("dont DHA (acide docosahexaénoïque)", "400", "mg", None),
            ("dont EPA (acide eicosapentaénoïque)", "200", "mg", None),
        ],
        daily_portion="2 capsules par jour",
        days_per_pack=30,
        usage="Avaler 2 capsules par jour avec un verre d'eau, au cours d'un repas.",
        plant_warnings=ANTICOAGULANTS,
        storage=STORAGE_OIL,
        weight_grams=120,
        prices=[Price(140, 2690)],
        on_hand=38,
    ),
    supplement(
        slug="huile-de-krill",
        category="omega-3-acides-gras",
        name="Huile de krill – complément alimentaire",
        label=("Huile", "de krill"),
        format="capsules",
        net_quantity="60 capsules – 42 g",
        net_weight_grams=42,
        hs_code=HS_FISH_OIL,
        short_description=(
            "Huile de krill antarctique riche en phospholipides, naturellement rouge."
        ),
        description=(
            "Le krill est un petit crustacé des eaux froides de l'océan Austral. Son huile "
            "porte ses oméga-3 (EPA et DHA) sur des phospholipides et contient de "
            "l'astaxanthine, un pigment qui lui donne sa couleur rouge. Deux capsules "
            "apportent 1000 mg d'huile de krill."
            "\n\n"
            "Produit commandé auprès de notre fournisseur à réception de votre commande."
        ),
        ingredients=(
            "Huile de krill antarctique (Euphausia superba, crustacés), enveloppe de la "
            "capsule : gélatine bovine, humectant : glycérol."
        ),
        allergens="crustacés",
        nutrients=[
            ("Huile de krill", "1000", "mg", None),
            ("dont phospholipides", "400", "mg", None),
            ("dont EPA (acide eicosapentaénoïque)", "120", "mg", None),
            ("dont DHA (acide docosahexaénoïque)", "60", "mg", None),
            ("dont astaxanthine", "0,2", "mg", None),
        ],
        daily_portion="2 capsules par jour",
        days_per_pack=30,
        usage="Avaler 2 capsules par jour avec un verre d'eau, au cours d'un repas.",
        extra_warnings="Ne pas consommer en cas d'allergie aux crustacés ou aux fruits de mer.",
        plant_warnings=ANTICOAGULANTS,
        storage=STORAGE_OIL,
        weight_grams=75,
        prices=[Price(120, 3290)],
        on_hand=0,
        on_demand=True,
        supplier_delay_days=10,
    ),
    supplement(
        slug="huile-onagre-vitamine-e",
        category="omega-3-acides-gras",
        name="Huile d'onagre et vitamine E – complément alimentaire",
        label=("Huile", "d'onagre"),
        format="capsules",
        net_quantity="60 capsules – 84 g",
        net_weight_grams=84,
        hs_code=HS_VEGETABLE_OIL,
        short_description="Huile d'onagre vierge pressée à froid, avec de la vitamine E naturelle.",
        description=(
            "L'huile est extraite par première pression à froid des graines d'onagre "
            "(Oenothera biennis), naturellement riches en acide gamma-linolénique (GLA), un "
            "acide gras de la famille des oméga-6. Deux capsules apportent 2000 mg d'huile, "
            "dont 180 mg de GLA, et 12 mg de vitamine E."
            "\n\n"
            "La vitamine E contribue à protéger les cellules contre le stress oxydatif."
        ),
        ingredients=(
            "Huile vierge de graines d'onagre (Oenothera biennis L.), enveloppe de la capsule : "
            "gélatine bovine, humectant : glycérol ; D-alpha-tocophérol naturel (soja)."
        ),
        allergens="soja",
        nutrients=[
            ("Huile d'onagre", "2000", "mg", None),
            ("dont acide gamma-linolénique (GLA)", "180", "mg", None),
            ("Vitamine E", "12", "mg", 100),
        ],
        daily_portion="2 capsules par jour",
        days_per_pack=30,
        usage="Avaler 2 capsules par jour avec un verre d'eau, au cours d'un repas.",
        plant_warnings=(
            "Déconseillé aux femmes enceintes ou allaitantes et aux personnes épileptiques, "
            "sauf avis médical."
        ),
        storage=STORAGE_OIL,
        weight_grams=125,
        prices=[Price(200, 1590)],
        on_hand=47,
    ),
    supplement(
        slug="omega-3-6-9",
        category="omega-3-acides-gras",
        name="Oméga 3-6-9 – complément alimentaire",
        label=("Oméga", "3-6-9"),
        format="capsules",
        net_quantity="90 capsules – 130 g",
        net_weight_grams=130,
        hs_code=HS_OIL_MIXTURE,
        short_description="Huiles de lin, de poisson et de bourrache réunies en trois capsules.",
        description=(
            "Trois huiles complémentaires : huile de lin vierge, source d'acide "
            "alpha-linolénique, huile de poisson pour l'EPA et le DHA, et huile de bourrache "
            "pour l'acide gamma-linolénique. Trois capsules apportent 300 mg d'EPA et de DHA."
            "\n\n"
            "L'EPA et le DHA contribuent à une fonction cardiaque normale ; l'effet bénéfique "
            "est obtenu par la consommation journalière de 250 mg d'EPA et de DHA."
        ),
        ingredients=(
            "Huile de lin vierge (Linum usitatissimum L.), huile de poisson, huile de graines "
            "de bourrache (Borago officinalis L.), enveloppe de la capsule : gélatine de "
            "poisson, humectant : glycérol ; antioxydant : extrait riche en tocophérols."
        ),
        allergens="poisson",
        nutrients=[
            ("Acide alpha-linolénique (oméga-3)", "540", "mg", None),
            ("EPA (acide eicosapentaénoïque)", "180", "mg", None),
            ("DHA (acide docosahexaénoïque)", "120", "mg", None),
            ("Acide linoléique (oméga-6)", "560", "mg", None),
            ("Acide gamma-linolénique (oméga-6)", "210", "mg", None),
            ("Acide oléique (oméga-9)", "420", "mg", None),
        ],
        daily_portion="3 capsules par jour",
        days_per_pack=30,
        usage="Avaler 3 capsules par jour avec un verre d'eau, au cours des repas.",
        plant_warnings=ANTICOAGULANTS,
        storage=STORAGE_OIL,
        weight_grams=175,
        prices=[Price(170, 1790)],
        on_hand=29,
    ),
]
