"""Descriptions that locate a person, for the identifying-detail lint: 'sous le pont Vauban', 'behind the station'.

A spatial phrase (sous, derrière, près de, en face de, under, behind, next to, opposite...)
followed by a specific landmark tells where someone sleeps or waits: one the reader can
only take as the one of the town ('la gare', 'the bridge': a definite article, unlike 'un
pont'), a named one ('le pont Vauban', 'Calais station'), a shop ('le Lidl') or a street
('rue des Tanneurs', precise even without a spatial phrase). What stays quiet: a town
alone ('un camp près de Calais' is coarse, like the testimony's `place`), an indefinite
place ('sous un pont'), people and weather ('près de ma famille', 'under the snow'), and
'dans la rue' or 'on the street', which say that someone had no roof, not where. 'à' and
'at' are left out: 'à la gare', 'at the hospital' mostly tell of passing through.
French and English in full; Arabic and Persian for the commonest prepositions and landmarks.
"""

from __future__ import annotations

import re

PRECISE_PLACE = "precise place"

_UPPER = "A-ZÀ-ÖØ-Þ"
CAP = rf"[{_UPPER}][\w'’-]*"  # a capitalised word: Lilas, Saint-Omer
PARTICLE = r"(?:(?:de|des|du|la|le|les|aux?|of|the)\s+|[ld]['’])"  # rue de l'Église
_S = r"(?:[^\S\n]++\n?+[^\S\n]*+|\n[^\S\n]*+)"  # spaces with at most one line break: never across paragraphs


def _any(*phrases: str, case: bool = False) -> str:
    """Return a regex for any of the phrases, longest first; spaces match `_S`, both apostrophes alike."""
    longest_first = sorted(phrases, key=len, reverse=True)
    words = (_S.join(re.escape(word) for word in phrase.split(" ")) for phrase in longest_first)
    either = "|".join(words).replace("'", "['’]")
    return f"(?:{either})" if case else f"(?i:{either})"


# Capitalised words that are no name: sentence openings, days and months ("under the bridge on Monday")
_NO_NAMES = (
    "The|This|That|These|Those|A|An|My|Our|Your|His|Her|Their|Its|One|Every|Each|Any|Some|No|Another|Other",
    "I|We|You|He|She|They|It|In|On|At|By|Near|Behind|Under|Down|Up|Along|Across|From|To|Side|Back|Long|Next",
    "Le|La|Les|L|Un|Une|Des|Du|De|D|Il|Elle|Ils|Elles|On|Je|J|Nous|Vous|Tu|Mon|Ma|Mes|Notre|Nos|Son|Sa|Ses",
    "Leur|Leurs|Ce|Cet|Cette|C|Qu|Et|Mais|Puis|Quand|Après|Avant|Depuis|Pendant|Là|Ici|Y",
    "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July",
    "August|September|October|November|December|Christmas|Ramadan|Eid|Noël",
)
_NOT_NAME = rf"(?!(?:{'|'.join(_NO_NAMES)})\b)"
_NAME = rf"{_NOT_NAME}{CAP}(?:{_S}{PARTICLE}*{_NOT_NAME}{CAP}){{0,3}}"  # Saint-Pierre, Victor Hugo, Charles de Gaulle

# A street's name, without a number: "rue des Tanneurs", "place de la République", "Baker Street";
# not "dans la rue", "la rue principale", "à la place de Samir" or "Long road"
_FR_STREET = rf"(?<![\w'’])(?i:rue|avenue|boulevard|bd|impasse|quai|square)(?:{_S}{PARTICLE}*{CAP})+"
_FR_SQUARE = rf"(?<![\w'’])(?<![àÀ] la )(?i:place)(?:{_S}(?:(?:de{_S}la|du|des){_S}|de{_S}l['’])?{CAP})+"
_EN_STREET = rf"(?<![\w'’])(?:{_NOT_NAME}{CAP}{_S}){{1,3}}(?i:street|road|lane|avenue|drive|crescent|terrace)\b"
STREET_NAME = rf"(?:{_FR_STREET}|{_FR_SQUARE}|{_EN_STREET})"

# Shop names, as written: "près du Lidl", "behind the Tesco"; case counts, so 'total' or 'action' stay words
_BRAND = _any(
    *("Lidl", "Aldi", "Carrefour", "Carrefour Market", "Auchan", "Leclerc", "E.Leclerc", "Intermarché", "Super U"),
    *("Hyper U", "Monoprix", "Franprix", "Netto", "Leader Price", "Casino", "Cora", "Géant", "Action", "Decathlon"),
    *("Décathlon", "Ikea", "IKEA", "Leroy Merlin", "Castorama", "Brico Dépôt", "TotalEnergies", "Total", "Esso"),
    *("Shell", "McDonald's", "McDo", "Quick", "KFC", "Burger King", "Subway", "Tesco", "Sainsbury's", "Asda"),
    *("Morrisons", "Co-op", "Waitrose", "Primark", "Starbucks", "Costa", "Greggs", "Spar"),
    case=True,
)
_NAMED = rf"(?:{_BRAND}|{STREET_NAME})(?![\w'’])"  # specific without an article: "derrière Lidl", "on Mill Lane"

# "sous la gare": a preposition, then "la"; "près de la gare": a phrase that ends in "de", then "du", "de la"...
_FR_AT = _any("sous", "derrière", "devant", "contre", "sur", "dans", "entre")
_FR_NEAR = _any(
    *("à côté", "juste à côté", "près", "tout près", "en face", "au bout", "au coin", "le long", "au pied"),
    *("à l'entrée", "à la sortie", "au fond", "à l'arrière", "au bord", "aux abords", "autour", "non loin"),
    *("pas loin", "à deux pas", "à proximité", "en dessous", "au-dessous", "au-dessus", "en bas", "en haut"),
    *("au niveau", "à l'angle", "au milieu", "à l'intérieur", "à l'extérieur", "à l'ombre", "à l'abri"),
    *("le squat", "au squat", "du squat", "notre squat", "le campement", "le camp", "au camp", "la jungle"),
)
# One thing, not a kind of things: "sous les ponts", "dans les écoles", "près des gares" say where people go
_FR_THE = rf"(?i:(?:le|la|ce|cet|cette|ces){_S}|l['’][^\S\n]?)"
_FR_OF_THE = rf"{_S}(?i:du{_S}|de{_S}{_FR_THE})"  # près du, près de la, près de l'
_FR_OF = rf"{_S}(?i:de{_S}|d['’])"  # près de Lidl, près d'Auchan, la gare de Grisvent
_FR_ADJECTIVE = _any(
    *("vieux", "vieil", "vieille", "grand", "grande", "petit", "petite", "nouveau", "nouvel", "nouvelle"),
    *("ancien", "ancienne", "gros", "grosse", "premier", "première", "deuxième", "dernier", "dernière", "seul"),
)
_FR_LANDMARK = _any(
    *("gare", "gare routière", "gare maritime", "pont", "passerelle", "viaduc", "église", "mosquée", "cathédrale"),
    *("chapelle", "temple", "synagogue", "parking", "supermarché", "hypermarché", "centre commercial", "station"),
    *("station-service", "station service", "station de métro", "station essence", "mairie", "hôtel de ville"),
    *("préfecture", "sous-préfecture", "commissariat", "poste de police", "gendarmerie", "hôpital", "cimetière"),
    *("stade", "gymnase", "piscine", "école", "lycée", "collège", "université", "fac", "usine", "entrepôt"),
    *("hangar", "dépôt", "port", "quai", "jetée", "digue", "canal", "écluse", "rond-point", "échangeur"),
    *("autoroute", "rocade", "périphérique", "voie ferrée", "voie rapide", "rails", "tunnel", "boulangerie"),
    *("pharmacie", "bureau de poste", "poste", "laverie", "marché", "halle", "parc", "jardin public", "square"),
    *("terrain vague", "zone industrielle", "zone commerciale", "zone portuaire", "aire d'autoroute", "phare"),
    *("aire de repos", "bibliothèque", "médiathèque", "arrêt de bus", "abribus", "cinéma", "théâtre", "caserne"),
)
_FR_HEAD = rf"(?:{_FR_ADJECTIVE}{_S}){{0,2}}{_FR_LANDMARK}[sx]?\b(?:{_S}{_NAME})?"  # le vieux pont Vauban
_FR_PLACE = (
    rf"(?:{_FR_AT}{_S}{_FR_THE}|{_FR_NEAR}{_FR_OF_THE})(?:{_FR_HEAD}|{_NAMED})"
    rf"|(?:{_FR_AT}{_S}|{_FR_NEAR}{_FR_OF}){_NAMED}"
)
# What follows a landmark and says more of where: "... de Grisvent", "... du Lidl", "... de l'hôpital"
_FR_MORE = rf"(?:{_FR_OF_THE}|{_S}(?i:des){_S}|{_FR_OF})(?:{_NAMED}|{_FR_HEAD}|{_NAME})"

_EN_AT = _any(
    *("under", "underneath", "beneath", "below", "behind", "in front of", "next to", "beside", "near", "close to"),
    *("opposite", "across from", "across the road from", "across the street from", "at the end of", "along"),
    *("at the bottom of", "at the top of", "at the corner of", "on the corner of", "at the back of", "alongside"),
    *("round the back of", "around the back of", "at the foot of", "at the entrance to", "at the entrance of"),
    *("at the edge of", "outside", "inside", "by", "on", "in", "off", "between", "around", "round"),
    *("the squat on", "the squat in", "the squat by", "the squat off", "our squat on", "the camp on"),
)
_EN_THE = _any("the", "this", "that", "these", "those") + _S
_EN_MODIFIER = _any(
    *("old", "new", "big", "large", "small", "little", "main", "central", "local", "nearby", "nearest", "disused"),
    *("abandoned", "derelict", "empty", "first", "second", "last", "railway", "train", "bus", "coach", "metro"),
    *("tube", "underground", "petrol", "gas", "service", "police", "fire", "foot", "motorway", "ferry", "rail"),
    *("road", "shopping", "car", "lorry", "truck", "multi-storey"),
)
_EN_LANDMARK = _any(
    *("station", "bridge", "church", "mosque", "cathedral", "chapel", "temple", "synagogue", "car park", "mall"),
    *("parking lot", "parking garage", "supermarket", "superstore", "town hall", "city hall", "hospital"),
    *("cemetery", "graveyard", "stadium", "school", "college", "university", "factory", "warehouse", "depot"),
    *("port", "harbour", "harbor", "docks", "terminal", "canal", "roundabout", "motorway", "tunnel", "viaduct"),
    *("highway", "ring road", "flyover", "overpass", "underpass", "railway", "railway line", "tracks", "pier"),
    *("footbridge", "bakery", "pharmacy", "chemist", "post office", "laundrette", "launderette", "laundromat"),
    *("market", "square", "park", "playground", "industrial estate", "retail park", "shopping centre", "quay"),
    *("shopping center", "lorry park", "truck stop", "service station", "services", "lighthouse", "library"),
    *("jobcentre", "job centre", "bus stop", "jetty", "seafront", "promenade", "marina", "cinema", "police station"),
)
_EN_HEAD = rf"(?:(?:{_EN_MODIFIER}|{_NAME}){_S}){{0,3}}{_EN_LANDMARK}\b"  # the old railway bridge, the Tesco car park
_EN_PLACE = rf"{_EN_AT}{_S}(?:{_EN_THE}(?:{_EN_HEAD}|{_NAMED})|{_NAMED}|(?:{_NAME}{_S}){{1,3}}{_EN_LANDMARK}\b)"
_EN_MORE = rf"{_S}(?i:of|on|off){_S}(?:{_EN_THE})?(?:{_NAMED}|{_EN_HEAD}|{_NAME})"  # ... on rue des Tanneurs

# Where a group stays, said before the place: "dans le bois derrière la gare", "the camp behind the station"
_STAYING = _any(
    *("bois", "forêt", "buissons", "dunes", "friche", "squat", "campement", "camp", "jungle"),
    *("woods", "wood", "forest", "bushes", "field", "fields", "wasteland"),
)
_AROUND = (
    rf"(?:{_any('dans', 'sous', 'in', 'under')}{_S})?(?:{_FR_THE}|{_EN_THE}|{_any('our', 'notre')}{_S}){_STAYING}{_S}"
)

_AR_AT = r"(?:تحت|خلف|وراء|[أا]مام|بجانب|بجوار|جنب|قرب|بقرب|بالقرب\s+من|قريبا?\s+من|مقابل|قبالة|حول|في\s+نهاية)"
_AR_LANDMARK = (
    r"(?:جسر|محطة|كنيسة|جامع|مسجد|موقف|سوبر\s?ماركت|سوق|مستشف[ىي]|بلدية|ميناء|مرف[أا]|ملعب|مدرسة|مصنع"
    r"|مستودع|سكة|نفق|دوار|حديقة|مقبرة|صيدلية|مخبز|مركز\s+الشرطة)"
)
# "تحت الجسر" (under the bridge), "خلف محطة القطار" (behind the train station); not "تحت جسر صغير" (a small one)
_AR_PLACE = rf"(?<![^\Wوف]){_AR_AT}\s+(?:ال{_AR_LANDMARK}(?!\w)(?:\s+ال\w+)?|{_AR_LANDMARK}\s+ال\w+)"
# Persian as identifying.py normalises it, with Arabic yeh and kaf
_FA_AT = r"(?:زير|پشت|جلوي?|كنار|نزديكي?|روبه?\u200c?روي?|مقابل|بغل|انتهاي)"
_FA_LANDMARK = (
    r"(?:پل|ايستگاه(?:\s+(?:قطار|اتوبوس|مترو|راه\u200c?آهن))?|كليسا|مسجد|پاركينگ|سوپر\s?ماركت|بيمارستان|شهرداري"
    r"|بندر|ورزشگاه|مدرسه|كارخانه|انبار|تونل|ميدان|راه\u200c?آهن|پارك|قبرستان|داروخانه|نانوايي|بازار|كلانتري)"
)
# "زير پل" (under the bridge); not "زير يك پل" (under a bridge) nor "زير پلي" (the same, said with an ending)
_FA_PLACE = rf"(?<!\w){_FA_AT}\s+{_FA_LANDMARK}(?!\w)"

PLACES = (
    re.compile(rf"(?<![\w'’-])(?:{_AROUND})?(?:{_FR_PLACE}|{_EN_PLACE})(?:{_FR_MORE}|{_EN_MORE}){{0,2}}"),
    re.compile(STREET_NAME),
    re.compile(rf"{_AR_PLACE}|{_FA_PLACE}"),
)
