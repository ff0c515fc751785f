"""checks/places.py: descriptions that locate a person ('sous le pont Vauban'), found; vague places left alone.

Every place here is invented or ordinary: Grisvent is the example's town, the streets and
landmarks could be in any town.
"""

from __future__ import annotations

import time

import pytest

from sitegen.checks.identifying import ADDRESS, PLACE, identifying_details


def found(text: str) -> list[tuple[str, str]]:
    """Return (kind, excerpt) for every finding in a text."""
    return [(finding.kind, finding.excerpt) for finding in identifying_details(text)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("On dormait sous le pont Vauban depuis l'hiver.", "sous le pont Vauban"),
        ("On dort sous le pont, à cinq.", "sous le pont"),
        ("On se retrouvait derrière la gare de Grisvent.", "derrière la gare de Grisvent"),
        ("Ils dorment à côté de l'église Saint-Pierre.", "à côté de l'église Saint-Pierre"),
        ("Notre tente est près du parking du Lidl.", "près du parking du Lidl"),
        ("Mon frère dort en face de la boulangerie Paul.", "en face de la boulangerie Paul"),
        ("Il vit au bout de la rue Pasteur.", "au bout de la rue Pasteur"),
        ("On se cache dans le bois derrière la gare.", "dans le bois derrière la gare"),
        ("Ils sont au squat de la rue des Tanneurs.", "au squat de la rue des Tanneurs"),
        ("Le squat en face de la mairie va fermer.", "Le squat en face de la mairie"),
        ("Ma tente est derrière le Carrefour.", "derrière le Carrefour"),
        ("Ils attendent près de Lidl le soir.", "près de Lidl"),
        ("On se lavait devant la mosquée.", "devant la mosquée"),
        ("Ils dorment sur le parking de l'hôpital.", "sur le parking de l'hôpital"),
        ("Il y a des tentes le long du canal.", "le long du canal"),
        ("Elle dort près de la gare routière.", "près de la gare routière"),
        ("On attend au coin de la rue Royale.", "au coin de la rue Royale"),
        ("Ils vivent sous l'échangeur de l'autoroute.", "sous l'échangeur de l'autoroute"),
        ("On dormait rue des Tanneurs, dans un hangar.", "rue des Tanneurs"),
        ("Il charge son téléphone à deux pas de la station-service.", "à deux pas de la station-service"),
        ("On se retrouvait sous le vieux pont.", "sous le vieux pont"),
        ("Ils campent au pied du phare.", "au pied du phare"),
        ("Ils dorment place de la République.", "place de la République"),
        ("Sous l'abribus, on était trois.", "Sous l'abribus"),
        ("La tente est derrière ce hangar\nde la zone industrielle.", "derrière ce hangar\nde la zone industrielle"),
    ],
)
def test_finds_french_descriptions_of_where_someone_is(text, excerpt):
    assert found(text) == [(PLACE, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("We sleep under the bridge on rue des Tanneurs.", "under the bridge on rue des Tanneurs"),
        ("We meet behind the station at night.", "behind the station"),
        ("We lived behind the station of Grisvent.", "behind the station of Grisvent"),
        ("Our tent is next to the Tesco car park.", "next to the Tesco car park"),
        ("He sleeps opposite the town hall.", "opposite the town hall"),
        ("They stay at the end of Mill Lane.", "at the end of Mill Lane"),
        ("We hide in the woods behind the station.", "in the woods behind the station"),
        ("She found us in the squat on Baker Street.", "in the squat on Baker Street"),
        ("We slept outside the church for a week.", "outside the church"),
        ("They live behind Lidl now.", "behind Lidl"),
        ("Meet me near Calais station.", "near Calais station"),
        ("We slept under the old railway bridge.", "under the old railway bridge"),
        ("He waits in front of the police station.", "in front of the police station"),
        ("The tents are by the canal.", "by the canal"),
        ("They sleep on the corner of Station Road.", "on the corner of Station Road"),
        ("It is close to the hospital.", "close to the hospital"),
        ("The van parks beside the roundabout.", "beside the roundabout"),
        ("We sleep in the car park of the supermarket.", "in the car park of the supermarket"),
        ("He prays across from the mosque.", "across from the mosque"),
        ("Behind the warehouse there is a tap.", "Behind the warehouse"),
        ("We charge our phones next to McDonald's.", "next to McDonald's"),
        ("He sleeps on Baker Street.", "on Baker Street"),
        ("Under the Vauban bridge it stays dry.", "Under the Vauban bridge"),
        ("Our camp is on the seafront.", "on the seafront"),
        ("We wait at the back of the bus station.", "at the back of the bus station"),
    ],
)
def test_finds_english_descriptions_of_where_someone_is(text, excerpt):
    assert found(text) == [(PLACE, excerpt)]


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("كنا ننام تحت الجسر كل ليلة", "تحت الجسر"),
        ("خيمتي خلف محطة القطار", "خلف محطة القطار"),
        ("نلتقي بالقرب من المسجد", "بالقرب من المسجد"),
        ("وتحت الجسر الكبير كان البرد شديدا", "تحت الجسر الكبير"),
        ("زیر پل می‌خوابیدیم", "زیر پل"),
        ("چادر ما پشت ایستگاه قطار است", "پشت ایستگاه قطار"),
        ("کنار مسجد منتظر ماندیم", "کنار مسجد"),
    ],
)
def test_finds_arabic_and_persian_descriptions_of_where_someone_is(text, excerpt):
    assert found(text) == [(PLACE, excerpt)]


@pytest.mark.parametrize(
    "text",
    [
        "Je dormais près de ma famille.",
        "On marchait sous la pluie toute la nuit.",
        "Il marchait derrière moi sans rien dire.",
        "On vivait dans un camp près de Calais.",
        "J'ai dormi sous un pont pendant deux mois.",
        "J'ai dormi dans la rue tout l'hiver.",
        "Avant, je dormais sous les ponts.",
        "Sur le chemin de l'école, elle chantait.",
        "À la place de Samir, j'aurais pleuré.",
        "J'ai pris la place de Yonas dans le camion.",
        "Le bus partait de la gare à dix heures.",
        "Nous étions près du feu avec les autres.",
        "La tente était sous une bâche bleue.",
        "Devant tout le monde, il a souri.",
        "J'ai dormi sur le sable froid près des dunes.",
        "On attendait devant la grille, près de l'entrée.",
        "Il y a une boulangerie près de chez nous.",
        "Dans la salle d'attente, personne ne parlait.",
        "On dormait au bord de la mer, sous la tente.",
        "Il était assis à côté de moi, à côté de mon sac.",
        "Les passeurs attendaient derrière les camions, près de la frontière.",
        "On marchait le long de la route, au bout de la rue, dans la rue principale.",
        "Je suis passé par la gare de Lille, puis je suis allée au Lidl.",
        "Elle travaille dans une boulangerie, elle donne des cours dans les écoles.",
        "Dans mon village, en face de nous, il y avait la montagne.",
    ],
)
def test_stays_quiet_on_french_people_weather_towns_and_vague_places(text):
    assert identifying_details(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "She sat next to me on the first night.",
        "We walked for hours under the snow.",
        "They were right behind us.",
        "We lived in a camp near Calais.",
        "I slept under a bridge for two months.",
        "I slept on the street for a year.",
        "There were forty of us in the camp.",
        "We sat by the fire in the evening.",
        "I left from the station at dawn.",
        "Under a blue tarp, we waited for the van.",
        "The way we lived was hard.",
        "On the second day, it rained.",
        "He laughed in front of everyone.",
        "We lived near the border, then near the dunes.",
        "We walked along the road to the beach.",
        "I keep it next to my residence permit.",
        "We slept on the beach, behind a low wall.",
        "In the morning I went to the station to charge my phone.",
        "Long road, long night.",
        "My daughter goes to school in Grisvent now.",
        "I worked in a bakery and in a warehouse.",
        "We waited in the rain at the hospital.",
        "I was born in a village near the sea.",
        "He came back on Monday with the others.",
        "The squat was cold, the camp was worse.",
    ],
)
def test_stays_quiet_on_english_people_weather_towns_and_vague_places(text):
    assert identifying_details(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "كنت أنام تحت جسر صغير مع ثلاثة شباب",
        "مشينا تحت المطر طوال الليل",
        "جلست بجانب أخي",
        "عشنا في مخيم قرب كاليه",
        "زیر باران راه رفتیم",
        "زیر یک پل خوابیدیم",
        "کنار خانواده‌ام بودم",
        "نزدیک کاله در کمپ بودیم",
    ],
)
def test_stays_quiet_on_arabic_and_persian_vague_places(text):
    assert identifying_details(text) == []


def test_a_street_with_its_house_number_is_one_street_address_not_also_a_place():
    assert found("Il dort près du 12 rue des Lilas.") == [(ADDRESS, "12 rue des Lilas")]


def test_several_places_in_one_text_are_each_found_in_order():
    text = "D'abord sous le pont Vauban, puis derrière la gare, enfin near the Tesco car park."
    assert found(text) == [
        (PLACE, "sous le pont Vauban"),
        (PLACE, "derrière la gare"),
        (PLACE, "near the Tesco car park"),
    ]


def test_a_place_does_not_run_across_a_paragraph_break():
    assert found("On dormait sous le pont.\n\nVauban nous a aidés.") == [(PLACE, "sous le pont")]


@pytest.mark.parametrize(
    "text", ["sous le " * 20_000, "près de la gare de " * 5_000, "the " * 20_000, "Rue " * 20_000, "in " * 20_000]
)
def test_long_repetitive_texts_are_scanned_in_linear_time(text):
    started = time.perf_counter()
    identifying_details(text)
    assert time.perf_counter() - started < 2
