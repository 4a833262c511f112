"""The demo's operation bulletins by key."""

from seamline.demo.data.bulletin import Bulletin
from seamline.demo.data.jeans import JEANS
from seamline.demo.data.shirt import SHIRT
from seamline.demo.data.tshirt import TSHIRT

BULLETINS: dict[str, Bulletin] = {b.key: b for b in (TSHIRT, SHIRT, JEANS)}
