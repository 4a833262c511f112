"""Basic crew-neck T-shirt, single jersey, set-in sleeves: ten operations, about 5.4 SMV."""

from seamline.catalog.choices import MachineType as M
from seamline.catalog.choices import Section as S
from seamline.demo.data.bulletin import Bulletin, op

TSHIRT = Bulletin(
    key="tshirt",
    garment="Basic crew-neck T-shirt",
    rows=(
        op(1, "Join shoulders with stay tape", S.ASSEMBLY, M.OL4, "0.42", 2),
        op(2, "Join neck rib ends", S.COLLAR, M.SNLS, "0.18", 1),
        op(3, "Attach neck rib", S.COLLAR, M.OL4, "0.48", 3, after=[1, 2]),
        op(4, "Back neck tape with main label", S.COLLAR, M.SNLS, "0.62", 3, after=[3]),
        op(5, "Hem sleeves", S.SLEEVE, M.FL, "0.44", 2),
        op(6, "Attach sleeves", S.ASSEMBLY, M.OL4, "0.86", 3, after=[1, 5]),
        op(7, "Close side seams with care label", S.ASSEMBLY, M.OL4, "1.02", 3, after=[4, 6]),
        op(8, "Tack sleeve hems at underarm seam", S.ASSEMBLY, M.SNLS, "0.28", 2, after=[7]),
        op(9, "Hem bottom", S.ASSEMBLY, M.FL, "0.58", 2, after=[7]),
        op(10, "Trim threads and inspect", S.FINISHING, M.MANUAL, "0.55", 1, after=[8, 9]),
    ),
)
