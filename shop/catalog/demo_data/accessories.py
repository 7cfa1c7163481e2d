"""Demo products: accessories. Not food supplements: VAT 20 %, no hygiene seal (E1, B8)."""

from ._common import (
    HS_PLASTIC_KITCHENWARE,
    Price,
    accessory,
)

ACCESSORIES = [
    accessory(
        slug="pilulier-semainier",
        category="accessoires",
        name="Pilulier semainier 7 jours",
        label=("Pilulier", "7 jours"),
        net_quantity="1 pilulier de 7 cases",
        net_weight_grams=65,
        origin_country="CN",
        short_description="Sept cases à couvercle, une par jour, marquées en relief.",
        description=(
            "Un pilulier de sept cases indépendantes, du lundi au dimanche, avec des couvercles "
            "à charnière faciles à ouvrir d'une main. Les initiales des jours sont moulées en "
            "relief pour une lecture au toucher. Chaque case contient jusqu'à 6 gélules de "
            "taille courante. Polypropylène sans bisphénol A."
        ),
        usage="Remplir les cases pour la semaine ; laver à l'eau tiède savonneuse entre deux "
        "remplissages.",
        storage="À conserver à l'abri de la chaleur. Ne pas passer au lave-vaisselle.",
        weight_grams=80,
        prices=[Price(300, 790)],
        on_hand=95,
    ),
    accessory(
        slug="shaker-600-ml",
        category="accessoires",
        name="Shaker 600 ml avec bille mélangeuse",
        label=("Shaker", "600 ml"),
        net_quantity="1 shaker de 600 ml",
        net_weight_grams=150,
        hs_code=HS_PLASTIC_KITCHENWARE,
        origin_country="CN",
        short_description="Shaker gradué avec bille en acier inoxydable, étanche, sans BPA.",
        description=(
            "Un shaker de 600 ml gradué tous les 50 ml, pour préparer sans grumeaux vos "
            "poudres de collagène, de créatine ou d'électrolytes. La bille en acier inoxydable "
            "mélange en quelques secondes ; le couvercle à clip et le bouchon à vis sont "
            "étanches. Copolyester sans bisphénol A."
        ),
        usage="Verser le liquide puis la poudre, fermer et secouer une dizaine de secondes.",
        storage=(
            "Rincer après chaque usage. Lavable au lave-vaisselle, panier du haut. "
            "Ne pas utiliser pour des liquides chauds."
        ),
        weight_grams=170,
        prices=[Price(300, 990)],
        on_hand=40,
    ),
    accessory(
        slug="coupe-comprimes",
        category="accessoires",
        name="Coupe-comprimés avec réservoir",
        label=("Coupe-", "comprimés"),
        net_quantity="1 coupe-comprimés",
        net_weight_grams=30,
        origin_country="CN",
        short_description=(
            "Coupe les comprimés en deux d'un geste, avec un réservoir pour les moitiés."
        ),
        description=(
            "Un coupe-comprimés à lame en acier inoxydable protégée sous le couvercle, avec un "
            "guide en V qui centre les comprimés ronds ou oblongs et un réservoir qui garde les "
            "moitiés pour la prise suivante."
        ),
        usage=(
            "Placer le comprimé dans le guide, refermer le couvercle d'un geste franc. "
            "Lame tranchante : tenir hors de portée des enfants."
        ),
        storage="Essuyer la lame avec un chiffon sec. Ne pas passer au lave-vaisselle.",
        weight_grams=40,
        prices=[Price(300, 650)],
        on_hand=33,
    ),
]
