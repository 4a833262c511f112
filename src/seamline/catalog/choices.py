from django.db import models
from django.utils.translation import gettext_lazy as _


class StyleCategory(models.TextChoices):
    TSHIRT = "tshirt", _("T-shirt / knit top")
    POLO = "polo", _("Polo shirt")
    SHIRT = "shirt", _("Woven shirt")
    TROUSERS = "trousers", _("Trousers")
    JEANS = "jeans", _("Jeans")
    SHORTS = "shorts", _("Shorts")
    DRESS = "dress", _("Dress")
    SKIRT = "skirt", _("Skirt")
    JACKET = "jacket", _("Jacket / outerwear")
    SWEATSHIRT = "sweatshirt", _("Sweatshirt / hoodie")
    UNDERWEAR = "underwear", _("Underwear / lingerie")
    OTHER = "other", _("Other")


class Section(models.TextChoices):
    """Where on the garment an operation belongs, for sectional lines and reports."""

    PREPARATION = "preparation", _("Preparation")
    FRONT = "front", _("Front")
    BACK = "back", _("Back")
    COLLAR = "collar", _("Collar")
    SLEEVE = "sleeve", _("Sleeve")
    CUFF = "cuff", _("Cuff")
    POCKET = "pocket", _("Pocket")
    WAISTBAND = "waistband", _("Waistband")
    ASSEMBLY = "assembly", _("Assembly")
    FINISHING = "finishing", _("Finishing")


class MachineType(models.TextChoices):
    """Common sewing-room machine classes; shared codes so cluster capacity can be compared."""

    SNLS = "SNLS", _("Single-needle lockstitch")
    DNLS = "DNLS", _("Double-needle lockstitch")
    OL3 = "OL3", _("Overlock 3-thread")
    OL4 = "OL4", _("Overlock 4-thread")
    OL5 = "OL5", _("Overlock 5-thread (safety stitch)")
    FL = "FL", _("Flatlock / coverstitch")
    FOA = "FOA", _("Feed-off-the-arm")
    KANSAI = "KANSAI", _("Multi-needle chainstitch (Kansai)")
    BARTACK = "BARTACK", _("Bartack")
    BUTTONHOLE = "BH", _("Buttonhole")
    BUTTON = "BS", _("Button sew")
    SNAP = "SNAP", _("Snap / rivet press")
    ZIGZAG = "ZZ", _("Zigzag")
    BLINDSTITCH = "BLIND", _("Blind stitch")
    FUSING = "FUSE", _("Fusing press")
    IRON = "IRON", _("Iron / press")
    MANUAL = "MANUAL", _("Manual / helper")


class MaterialKind(models.TextChoices):
    FABRIC = "fabric", _("Fabric")
    LINING = "lining", _("Lining / interlining")
    TRIM = "trim", _("Trim")
    THREAD = "thread", _("Thread")
    LABEL = "label", _("Label")
    PACKAGING = "packaging", _("Packaging")


class Unit(models.TextChoices):
    METRE = "m", _("metre")
    YARD = "yd", _("yard")
    KILOGRAM = "kg", _("kilogram")
    PIECE = "pc", _("piece")
    CONE = "cone", _("cone")
    SET = "set", _("set")


class PatternSource(models.TextChoices):
    DXF_AAMA = "dxf_aama", _("DXF-AAMA / ASTM D6673")
    POLYGONS = "polygons", _("Polygon JSON")
