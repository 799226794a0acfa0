"""应急 Yingji: the working system of a county emergency management bureau."""
