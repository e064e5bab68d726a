"""read_article: metadata, header/footer removal and paragraphs, on texts the tests write."""
import pytest

from analysis import InputError, read_article, read_text
from analysis.reader import MAX_BYTES, date_line, parse_date

OPED = """Rebuilding Trust in Port Harlow

By [Mara Ellison](#)

October 3, 2019

The Coastal Ledger

Dockworkers walked off the job on Monday after months of failed talks. The city council said it would meet the union this week.

Police cleared the harbour road on Tuesday. Several people were injured.

We found that the harbour authority had ignored safety reports for years.

Mara Ellison is the mayor of Port Harlow.

The views expressed in opinion pieces do not necessarily reflect the position of The Coastal Ledger.

Original url: <https://example.org/2019/10/03/rebuilding-trust>
"""


def test_oped_metadata_and_body():
    art = read_text(OPED, path="rebuilding.txt")
    assert art.title == "Rebuilding Trust in Port Harlow"
    assert art.author == "Mara Ellison"
    assert art.date == "2019-10-03"
    assert art.outlet == "The Coastal Ledger"
    assert art.url == "https://example.org/2019/10/03/rebuilding-trust"
    assert art.author_role == "mayor of Port Harlow"
    assert [p.index for p in art.paragraphs] == [1, 2, 3]
    assert art.paragraphs[0].text.startswith("Dockworkers walked off")
    assert art.paragraphs[-1].text.startswith("We found")
    assert art.slug == "rebuilding"


def test_header_and_footer_never_in_body():
    art = read_text(OPED)
    body = " ".join(p.text for p in art.paragraphs)
    for fragment in ("By Mara", "October 3", "Coastal Ledger", "is the mayor", "views expressed", "Original url"):
        assert fragment not in body


def test_plain_text_every_block_is_body():
    text = "Farmers blocked the highway for a third day.\n\nThe governor called the blockade illegal.\n\nTalks resume on Friday.\n"
    art = read_text(text)
    assert art.title is None and art.author is None and art.date is None
    assert len(art.paragraphs) == 3
    assert art.paragraphs[1].text == "The governor called the blockade illegal."


def test_short_first_sentence_is_body_not_title():
    art = read_text("Police fired on the crowd.\n\nThree people died.\n")
    assert art.title is None
    assert [p.text for p in art.paragraphs] == ["Police fired on the crowd.", "Three people died."]


@pytest.mark.parametrize("title", ["We Sat Down Outside the Ministry. They Answered With Batons.",
                                   "Enough Is Enough.", "Who Fired the First Shot?"])
def test_a_title_ending_like_a_sentence_is_a_title_when_a_byline_follows(title):
    art = read_text(f"{title}\n\nBy Halla Vendrup\n\nOctober 14, 2024\n\nThe Ledger\n\nThe strike went on.\n")
    assert art.title == title and art.author == "Halla Vendrup" and art.outlet == "The Ledger"
    assert [p.text for p in art.paragraphs] == ["The strike went on."]


@pytest.mark.parametrize("second", ["By noon the police had left.", "By then, nobody cared about the strike."])
def test_a_sentence_starting_with_by_is_not_a_byline(second):
    art = read_text(f"Strikers held the gate.\n\n{second}\n\nIt was over.\n")
    assert art.title is None and art.author is None and len(art.paragraphs) == 3


def test_single_newline_paragraphs():
    text = "Students Occupy Campus\nBy Lee Chang\n12 March 2021\nCampus Wire\nStudents occupied the library.\nThe dean said talks would continue.\nLee Chang is a staff reporter at Campus Wire.\n"
    art = read_text(text)
    assert art.title == "Students Occupy Campus"
    assert art.author == "Lee Chang"
    assert art.date == "2021-03-12"
    assert art.outlet == "Campus Wire"
    assert art.author_role == "staff reporter at Campus Wire"
    assert [p.text for p in art.paragraphs] == ["Students occupied the library.", "The dean said talks would continue."]


def test_key_value_header_and_markdown():
    text = "# Water Protest Ends\n\nAuthor: Ana Ruiz\nDate: 2020-07-09\nSource: Valley Post\n\nResidents ended their sit-in.\n\nOfficials promised new pipes.\n"
    art = read_text(text)
    assert (art.title, art.author, art.date, art.outlet) == ("Water Protest Ends", "Ana Ruiz", "2020-07-09", "Valley Post")
    assert len(art.paragraphs) == 2


@pytest.mark.parametrize("header,date", [
    ("Tram Fare Protests Enter a Third Night\nBy Petra Holm\n2 June 2022\nThe Ostmark Gazette", "2022-06-02"),
    ("Live: nurses rally outside the assembly - as it happened\nBy Ana Ruiz and Tomas Berg\nFriday 9 May\nCity Post", "Friday 9 May"),
    ("Grain port strike: losses mount\nBy the Office of the Harbour Commissioner\nApril 30\nPress release, Harbour Office", "April 30"),
])
def test_header_on_consecutive_lines_then_blank_line(header, date):
    art = read_text(header + "\n\nDockworkers walked off the job on Monday.\n\nThe council said it would meet the union.\n")
    title, _, _, outlet = header.split("\n")
    assert (art.title, art.date, art.outlet) == (title, date, outlet)
    assert [p.text for p in art.paragraphs] == ["Dockworkers walked off the job on Monday.",
                                                 "The council said it would meet the union."]


@pytest.mark.parametrize("header,title,date,outlet", [
    # a title ending in a bracket, a body's byline, a dateline with its place
    (("Dock strike enters second week (updated)\nBy the Press Office, Port Authority of Selm\nSelm, 3 April 2029\n"
      "Port Authority of Selm - Communications"), "Dock strike enters second week (updated)", "2029-04-03",
     "Port Authority of Selm - Communications"),
    ("The Long Winter of the Quarry Strike\nBy Mara Oskel\nNovember 2019\nQuarterly Labour History",
     "The Long Winter of the Quarry Strike", "2019-11", "Quarterly Labour History"),  # a month and year
    ("Statement on the Events in Vell\nHarrow, 2 May\nMinistry of Culture, Press Office",
     "Statement on the Events in Vell", "2 May", "Ministry of Culture, Press Office"),  # no byline
    ("Situation Report No. 2: Clinics in Ossor\nRelief Aid International\nIssued 4 June, 09:30 local time",
     "Situation Report No. 2: Clinics in Ossor", "4 June", "Relief Aid International"),  # a verb and a time
])
def test_header_lines_with_datelines_and_issue_times(header, title, date, outlet):
    art = read_text(header + "\n\nDockworkers walked off the job on Monday.\n\nThe council said it would meet the union.\n")
    assert (art.title, art.date, art.outlet) == (title, date, outlet)
    assert len(art.paragraphs) == 2


@pytest.mark.parametrize("header,title,date", [
    ("Harbour Strike Ends\nBy Ana Ruiz\n14 June 2030.\nThe Coast Herald", "Harbour Strike Ends", "2030-06-14"),
    ("The strike goes on\nBy Ana Ruiz\n14 June 2030\nThe Coast Herald", "The strike goes on", "2030-06-14"),
    ("Students dig in\nBy Ana Ruiz\n14 June 2030\nThe Coast Herald", "Students dig in", "2030-06-14"),
    ("Ten years on\n14 June 2030\nThe Coast Herald", "Ten years on", "2030-06-14"),
])
def test_a_header_with_a_byline_may_end_its_date_in_a_full_stop(header, title, date):
    art = read_text(header + "\n\nDockworkers returned on Monday.\n")
    assert (art.title, art.date, art.outlet) == (title, date, "The Coast Herald") and len(art.paragraphs) == 1


@pytest.mark.parametrize("header", [
    "Will the Port Reopen?\n3 April 2029\nSelm Harbour News",  # a title ending like a question, no byline
    "Strike Now!\nSelm Harbour News\n3 April 2029",
    "\u201cWe will not go back\u201d\n3 April 2029\nSelm Harbour News",
    "Dock strike (updated)\nSelm, 3 April 2029\nSelm Harbour News",
])
def test_a_title_ending_in_a_question_mark_or_bracket_is_read_without_a_byline(header):
    art = read_text(header + "\n\nDockworkers walked off the job on Monday.\n\nThe council said it would meet the union.\n")
    assert (art.title, art.date, art.outlet) == (header.split("\n")[0], "2029-04-03", "Selm Harbour News")
    assert len(art.paragraphs) == 2


@pytest.mark.parametrize("block", [
    "The council approved the new port plan in\nSeptember 2028.",  # a wrapped sentence ending in a date
    "The union said the strike would last until the talks in\nGeneva, 3 May 2029.",
    "Police said the strike would go on\nfor weeks, perhaps until\nMay 2029.",
])
def test_a_wrapped_sentence_ending_in_a_date_stays_body(block):
    art = read_text(block + "\n\nDockworkers walked off the job on Monday.\n")
    assert art.title is None and art.date is None and len(art.paragraphs) == 2


@pytest.mark.parametrize("line,value", [
    ("Selm, 3 April 2029", "2029-04-03"), ("Published on 3 May 2024, 10:00 BST", "2024-05-03"),
    ("Paris, May 2024", "2024-05"), ("Issued 4 June", "4 June"), ("Saturday, 18 October 2031", "2031-10-18"),
    ("May", None), ("New York, Monday", None), ("The strike, 14 March 2031 and after", None), ("Police, 12", None),
    ("Thursday, 6 March", "Thursday, 6 March"), ("Sunday, May 27", "Sunday, May 27"), ("March, April 2024", None),
])
def test_date_line(line, value):
    assert date_line(line) == value


@pytest.mark.parametrize("block", [
    # a first paragraph that happens to contain a date line or a "By" line is still body
    "Police cleared the square.\nBy noon the crowd had gone home and the council said it would meet the union.",
    "The strike began on\n12 March 2021\nand is still going on, the union said on Monday.",
    "Workers walked out.\nThey said so.",
    # a wrapped first paragraph whose last line ends in a quote, with "by" starting a line
    "Dockworkers walked out at dawn on Monday, and\nby noon the port was closed. The union's leader said:\n"
    "\u201cWe will stay out until the council listens.\u201d",
    "Whose streets? Our streets!\nBy the people, for the people!",
    "Should the march go ahead?\nMany say the bridge\nby the river should be closed to it?",
])
def test_first_block_that_reads_as_prose_is_body(block):
    art = read_text(block + "\n\nThe council said it would meet the union.\n")
    assert art.title is None and art.date is None
    assert len(art.paragraphs) == 2


@pytest.mark.parametrize("closing,author", [
    ("Signed, The Board of the Linden Tenants' Association", "The Board of the Linden Tenants' Association"),
    ("Yours sincerely, Ana Ruiz", "Ana Ruiz"),
    ("Signed:  The Strike Committee.", "The Strike Committee"),
    ("Yours faithfully, Dr. Ana Ruiz", "Dr. Ana Ruiz"),
])
def test_a_letters_signature_is_footer(closing, author):
    art = read_text(f"We write to you about the arrests.\n\nWe ask you to act.\n\n{closing}\n")
    assert [p.text for p in art.paragraphs] == ["We write to you about the arrests.", "We ask you to act."]
    assert art.author == author


@pytest.mark.parametrize("closing", [
    "Signed, sealed and delivered by hand, our petition reached the ministry on Monday.",
    "Signed Monday, the deal ends the strike.",
    "Sincerely, I hope the council listens this time.",
    "Respectfully, The Police Department has ignored every letter we sent.",
])
def test_a_closing_sentence_that_starts_like_a_signature_stays_body(closing):
    art = read_text(f"We write about the arrests.\n\n{closing}\n")
    assert [p.text for p in art.paragraphs] == ["We write about the arrests.", closing] and art.author is None


def test_hard_wrapped_paragraphs_are_joined():
    text = "Title Here\n\nThe union said the strike\nwould continue until wages\nare paid.\n\nPolice declined to com-\nment.\n"
    art = read_text(text)
    assert art.paragraphs[0].text == "The union said the strike would continue until wages are paid."
    assert art.paragraphs[1].text == "Police declined to comment."


@pytest.mark.parametrize("line,iso", [
    ("May 13, 2012", "2012-05-13"), ("13 May 2012", "2012-05-13"), ("Dec. 16, 2011", "2011-12-16"),
    ("Sunday, May 13, 2012", "2012-05-13"), ("2012-05-13", "2012-05-13"), ("September 1st, 2020", "2020-09-01"),
])
def test_parse_date(line, iso):
    assert parse_date(line) == iso


@pytest.mark.parametrize("line", ["The Moscow Times", "May", "Febtober 3, 2020", "2020-13-45", "12 people died in 2011"])
def test_parse_date_rejects(line):
    assert parse_date(line) is None


def test_windows_line_endings_and_nbsp(write):
    path = write("crlf.txt", "Headline Words\r\n\r\nThe\u00a0mayor said the march was peaceful.\r\n\r\nShe thanked the police.\r\n")
    art = read_article(path)
    assert art.title == "Headline Words"
    assert art.paragraphs[0].text == "The mayor said the march was peaceful."


def test_seed_layout():
    art = read_article("seeds/learning-from-zhanaozen.txt")
    assert len(art.paragraphs) == 13
    assert (art.title, art.author, art.date, art.outlet, art.author_role) == (
        "Learning From Zhanaozen", "Askhat Daulbayev", "2012-05-13", "The Moscow Times",
        "prosecutor general of Kazakhstan")


# --- bad input: one clear error naming the file ---------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="nope.txt: no such file"):
        read_article(tmp_path / "nope.txt")


@pytest.mark.parametrize("content", ["", "   \n\n\t  \n"])
def test_empty_file(write, content):
    path = write("empty.txt", content)
    with pytest.raises(InputError, match=r"empty\.txt: empty file"):
        read_article(path)


def test_binary_file(write):
    path = write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match=r"image\.txt: binary"):
        read_article(path)


def test_cp1251_falls_back_with_warning(write):
    text = "Заголовок\n\nПолиция заявила, что протестующие были мирными.\n"
    path = write("cyr.txt", text.encode("cp1251"))
    with pytest.warns(UserWarning, match=r"cyr\.txt: not valid UTF-8; decoded as cp1251"):
        art = read_article(path)
    assert art.encoding == "cp1251"
    assert "Полиция" in art.paragraphs[0].text


def test_utf8_bom(write):
    path = write("bom.txt", "\ufeffWorkers marched downtown.\n".encode("utf-8"))
    art = read_article(path)
    assert art.paragraphs[0].text == "Workers marched downtown."


def test_oversized_file(write):
    path = write("huge.txt", "word " * (MAX_BYTES // 5 + 10))
    with pytest.raises(InputError, match=r"huge\.txt: file is .* over the .*-byte limit"):
        read_article(path)


def test_folder_is_not_an_article(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        read_article(tmp_path)
