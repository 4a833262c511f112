"""Men's long-sleeve formal shirt: two-piece collar, box placket, tower sleeve placket, yoke."""

from seamline.catalog.choices import MachineType as M
from seamline.catalog.choices import Section as S
from seamline.demo.data.bulletin import Bulletin, op

SHIRT = Bulletin(
    key="shirt",
    garment="Men's long-sleeve formal shirt",
    rows=(
        # Preparation: fusing and marking
        op(1, "Fuse collar and collar band interlining", S.PREPARATION, M.FUSING, "0.35", 1),
        op(2, "Fuse cuff interlining", S.PREPARATION, M.FUSING, "0.25", 1),
        op(3, "Fuse front placket interlining", S.PREPARATION, M.FUSING, "0.20", 1),
        # Collar
        op(4, "Run-stitch collar", S.COLLAR, M.SNLS, "0.55", 3, after=[1]),
        op(5, "Trim, turn and point-press collar", S.COLLAR, M.IRON, "0.50", 2, after=[4]),
        op(6, "Topstitch collar", S.COLLAR, M.SNLS, "0.60", 4, after=[5]),
        op(7, "Hem inner collar band", S.COLLAR, M.SNLS, "0.25", 2, after=[1]),
        op(8, "Attach collar to band", S.COLLAR, M.SNLS, "0.70", 4, after=[6, 7]),
        op(9, "Trim, turn and press collar band", S.COLLAR, M.IRON, "0.35", 2, after=[8]),
        # Cuffs
        op(10, "Hem cuff facings", S.CUFF, M.SNLS, "0.22", 2, after=[2]),
        op(11, "Run-stitch cuffs", S.CUFF, M.SNLS, "0.55", 3, after=[10]),
        op(12, "Trim, turn and press cuffs", S.CUFF, M.IRON, "0.45", 2, after=[11]),
        op(13, "Topstitch cuffs", S.CUFF, M.SNLS, "0.55", 3, after=[12]),
        # Fronts and chest pocket
        op(14, "Form box placket on left front", S.FRONT, M.SNLS, "0.55", 3, after=[3]),
        op(15, "Fold and stitch right front facing", S.FRONT, M.SNLS, "0.40", 2, after=[3]),
        op(16, "Hem chest pocket mouth", S.POCKET, M.SNLS, "0.18", 2),
        op(17, "Crease chest pocket on template", S.POCKET, M.IRON, "0.30", 1, after=[16]),
        op(18, "Attach chest pocket", S.FRONT, M.SNLS, "0.65", 4, after=[14, 17]),
        # Back and yoke
        op(19, "Sew back box pleat", S.BACK, M.SNLS, "0.20", 2),
        op(20, "Join back to yokes with hanger loop", S.BACK, M.SNLS, "0.60", 3, after=[19]),
        op(21, "Topstitch back yoke", S.BACK, M.SNLS, "0.40", 3, after=[20]),
        # Sleeves
        op(22, "Attach sleeve placket underlap", S.SLEEVE, M.SNLS, "0.35", 3),
        op(23, "Attach tower sleeve placket", S.SLEEVE, M.SNLS, "0.95", 4, after=[22]),
        op(24, "Tuck sleeve pleats", S.SLEEVE, M.SNLS, "0.20", 2, after=[23]),
        # Assembly
        op(
            25,
            "Join fronts to yoke at shoulders",
            S.ASSEMBLY,
            M.SNLS,
            "0.80",
            4,
            after=[15, 18, 21],
        ),
        op(26, "Topstitch front shoulder yoke", S.ASSEMBLY, M.SNLS, "0.45", 3, after=[25]),
        op(27, "Attach collar to neckline", S.ASSEMBLY, M.SNLS, "0.95", 5, after=[9, 26]),
        op(28, "Close and topstitch collar band", S.ASSEMBLY, M.SNLS, "0.85", 5, after=[27]),
        op(29, "Attach sleeves", S.ASSEMBLY, M.SNLS, "0.95", 4, after=[24, 26]),
        op(30, "Topstitch armholes", S.ASSEMBLY, M.SNLS, "0.60", 3, after=[29]),
        op(31, "Close side and underarm seams (felled)", S.ASSEMBLY, M.FOA, "1.10", 4, after=[30]),
        op(32, "Attach cuffs to sleeves", S.ASSEMBLY, M.SNLS, "1.00", 5, after=[13, 31]),
        op(33, "Narrow-hem shirt tail", S.ASSEMBLY, M.SNLS, "0.85", 3, after=[31]),
        # Finishing
        op(
            34,
            "Buttonholes on front placket and collar band",
            S.FINISHING,
            M.BUTTONHOLE,
            "0.45",
            2,
            after=[28, 33],
        ),
        op(
            35,
            "Buttonholes on cuffs and sleeve plackets",
            S.FINISHING,
            M.BUTTONHOLE,
            "0.30",
            2,
            after=[32],
        ),
        op(36, "Mark button positions", S.FINISHING, M.MANUAL, "0.30", 1, after=[34, 35]),
        op(
            37, "Sew buttons on front and collar band", S.FINISHING, M.BUTTON, "0.55", 2, after=[36]
        ),
        op(
            38,
            "Sew buttons on cuffs and sleeve plackets",
            S.FINISHING,
            M.BUTTON,
            "0.30",
            2,
            after=[36],
        ),
        op(39, "Trim threads", S.FINISHING, M.MANUAL, "0.70", 1, after=[37, 38]),
        op(40, "Inspect", S.FINISHING, M.MANUAL, "0.60", 2, after=[39]),
        op(41, "Final press", S.FINISHING, M.IRON, "1.10", 2, after=[40]),
        op(
            42,
            "Fold on board with collar stand and clips",
            S.FINISHING,
            M.MANUAL,
            "0.90",
            2,
            after=[41],
        ),
    ),
)
