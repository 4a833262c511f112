"""Five-pocket jeans, stretch denim: felled back rise and inseam, Kansai waistband, rivets."""

from seamline.catalog.choices import MachineType as M
from seamline.catalog.choices import Section as S
from seamline.demo.data.bulletin import Bulletin, op

JEANS = Bulletin(
    key="jeans",
    garment="Five-pocket jeans",
    rows=(
        # Preparation
        op(1, "Overlock front pocket facings", S.PREPARATION, M.OL3, "0.22", 1),
        op(2, "Overlock fly and fly shield", S.PREPARATION, M.OL3, "0.25", 1),
        op(3, "Sew belt-loop strip", S.PREPARATION, M.KANSAI, "0.15", 2),
        op(4, "Cut belt loops", S.PREPARATION, M.MANUAL, "0.08", 1, after=[3]),
        op(5, "Fold and press waistband", S.PREPARATION, M.IRON, "0.20", 1),
        op(6, "Mark pocket and fly positions on fronts", S.PREPARATION, M.MANUAL, "0.20", 1),
        # Pockets
        op(7, "Hem coin pocket", S.POCKET, M.DNLS, "0.15", 2),
        op(8, "Crease coin pocket", S.POCKET, M.IRON, "0.15", 1, after=[7]),
        op(9, "Attach facings to pocket bags", S.POCKET, M.SNLS, "0.35", 2, after=[1]),
        op(10, "Attach coin pocket to right facing", S.POCKET, M.DNLS, "0.35", 3, after=[8, 9]),
        op(11, "Close pocket bags", S.POCKET, M.SNLS, "0.28", 2, after=[10]),
        op(12, "Turn and topstitch pocket bags", S.POCKET, M.SNLS, "0.32", 2, after=[11]),
        op(13, "Press pocket bags", S.POCKET, M.IRON, "0.18", 1, after=[12]),
        op(14, "Hem back pocket tops", S.POCKET, M.DNLS, "0.22", 2),
        op(15, "Sew decorative stitching on back pockets", S.POCKET, M.DNLS, "0.40", 3, after=[14]),
        op(16, "Crease back pockets on template", S.POCKET, M.IRON, "0.30", 1, after=[15]),
        # Fronts and fly
        op(
            17,
            "Attach pocket bags at front pocket mouth",
            S.FRONT,
            M.SNLS,
            "0.40",
            3,
            after=[6, 13],
        ),
        op(18, "Topstitch front pocket mouth", S.FRONT, M.DNLS, "0.40", 3, after=[17]),
        op(19, "Tack pocket bags at side and waist", S.FRONT, M.SNLS, "0.30", 2, after=[18]),
        op(20, "Attach zip to fly shield", S.FRONT, M.SNLS, "0.35", 3, after=[2]),
        op(21, "Attach fly facing to left front", S.FRONT, M.SNLS, "0.30", 3, after=[2, 19]),
        op(22, "Sew front rise", S.FRONT, M.OL5, "0.30", 3, after=[21]),
        op(23, "Attach zip to left fly", S.FRONT, M.SNLS, "0.35", 3, after=[20, 22]),
        op(24, "J-stitch fly", S.FRONT, M.DNLS, "0.40", 4, after=[23]),
        op(25, "Tack fly shield to right front", S.FRONT, M.SNLS, "0.20", 2, after=[24]),
        op(26, "Tack pocket bag to fly", S.FRONT, M.SNLS, "0.15", 2, after=[25]),
        # Back
        op(27, "Attach yokes to back panels (felled)", S.BACK, M.DNLS, "0.45", 3),
        op(28, "Join back rise (felled)", S.BACK, M.FOA, "0.40", 4, after=[27]),
        op(29, "Mark back pocket positions", S.BACK, M.MANUAL, "0.20", 1, after=[28]),
        op(30, "Attach back pockets", S.BACK, M.DNLS, "0.95", 4, after=[16, 29]),
        # Assembly and waistband
        op(31, "Join side seams with care label", S.ASSEMBLY, M.OL5, "0.70", 3, after=[26, 30]),
        op(32, "Topstitch side seams at pockets", S.ASSEMBLY, M.SNLS, "0.35", 2, after=[31]),
        op(33, "Sew inseam (felled)", S.ASSEMBLY, M.FOA, "0.60", 4, after=[32]),
        op(34, "Attach waistband", S.WAISTBAND, M.KANSAI, "0.75", 4, after=[5, 33]),
        op(35, "Finish waistband ends", S.WAISTBAND, M.SNLS, "0.45", 4, after=[34]),
        op(
            36,
            "Attach main and size labels to waistband",
            S.WAISTBAND,
            M.SNLS,
            "0.25",
            2,
            after=[34],
        ),
        op(37, "Attach back patch", S.WAISTBAND, M.SNLS, "0.30", 2, after=[34]),
        op(38, "Hem legs", S.ASSEMBLY, M.SNLS, "0.55", 3, after=[33]),
        op(39, "Attach belt loops at bottom", S.WAISTBAND, M.BARTACK, "0.30", 3, after=[4, 35]),
        op(40, "Attach belt loops at top", S.WAISTBAND, M.BARTACK, "0.35", 3, after=[39]),
        # Finishing
        op(41, "Bartack fly, pockets and crotch", S.FINISHING, M.BARTACK, "0.50", 2, after=[40]),
        op(42, "Keyhole buttonhole on waistband", S.FINISHING, M.BUTTONHOLE, "0.12", 2, after=[35]),
        op(43, "Attach shank button", S.FINISHING, M.SNAP, "0.12", 2, after=[42]),
        op(44, "Attach rivets", S.FINISHING, M.SNAP, "0.25", 2, after=[41]),
        op(45, "Trim threads", S.FINISHING, M.MANUAL, "0.55", 1, after=[36, 37, 38, 43, 44]),
        op(46, "Turn right side out", S.FINISHING, M.MANUAL, "0.15", 1, after=[45]),
        op(47, "Inspect and measure", S.FINISHING, M.MANUAL, "0.60", 2, after=[46]),
        op(48, "Spot-clean", S.FINISHING, M.MANUAL, "0.15", 1, after=[47]),
        op(49, "Final press", S.FINISHING, M.IRON, "0.55", 2, after=[48]),
        op(50, "Attach size sticker and hang tag", S.FINISHING, M.MANUAL, "0.25", 1, after=[49]),
        op(51, "Fold", S.FINISHING, M.MANUAL, "0.20", 1, after=[50]),
    ),
)
