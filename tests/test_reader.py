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
    ("Kind regards, Ana Ruiz", "Ana Ruiz"),  # the closings a sign-off over several lines knows, too
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


BODY_LINES = ("Bus drivers blocked the depot gates on Monday morning in a dispute over unpaid overtime.\n\n"
              "The transport authority said it would meet the drivers' union on Wednesday.\n\n"
              "Police kept the road open and no arrests were made, a spokesman said.\n")


@pytest.mark.parametrize("header,title,author,date,outlet", [
    # a court's summary: a name in capitals, a case line, a delivery line, a notice in full sentences
    ("REGIONAL COURT OF OSTMARK\nSummary of judgment: State v. Ana Ruiz and others\n"
     "Judgment given on 4 March by Judge Tomas Berg\nThis summary is not part of the judgment. Only the judgment is binding.",
     "Summary of judgment: State v. Ana Ruiz and others", None, None, "REGIONAL COURT OF OSTMARK"),
    # an interview's headline in quotes, a standfirst, "Interview by", the outlet and date on one line
    ("\u2018We only asked to be paid\u2019\nThe drivers' spokeswoman on a week at the depot gates\n"
     "Interview by Mara Oskel\nThe Harbour Weekly, 9 June",
     "\u2018We only asked to be paid\u2019", "Mara Oskel", "9 June", "The Harbour Weekly"),
    # a council's minutes: the body in capitals, a long description line, attendance lines
    ("OSTMARK CITY COUNCIL\nMinutes of the meeting of the Transport Committee held on 3 May at 18:00 in Room 2\n"
     "Present: Cllr A. Ruiz (Chair), Cllr T. Berg\nAlso present: two representatives of the drivers' union",
     "Minutes of the meeting of the Transport Committee held on 3 May at 18:00 in Room 2", None, None,
     "OSTMARK CITY COUNCIL"),
    # a letter's letterhead, address, date and salutation
    ("ST ANSELM'S COLLEGE\nA sixth-form college for the city of Ostmark\nQuay Road, Ostmark\nTuesday 4 March\n"
     "Dear Students and Families,",
     "A sixth-form college for the city of Ostmark", None, "Tuesday 4 March", "ST ANSELM'S COLLEGE"),
])
def test_a_stacked_header_above_one_line_paragraphs_is_header(header, title, author, date, outlet):
    art = read_text(header + "\n\n" + BODY_LINES)
    assert (art.title, art.author, art.date, art.outlet) == (title, author, date, outlet)
    assert [p.text[:12] for p in art.paragraphs] == ["Bus drivers ", "The transpor", "Police kept "]


@pytest.mark.parametrize("first", [
    "The drivers met at dawn\nand walked to the depot, where the\nmanagers were waiting.",  # wrapped prose
    "The drivers met at dawn and\nwalked to the depot.",
    "The drivers met at dawn -\nthe managers were waiting.",
    "Drivers met at dawn.\nthe managers were waiting.",  # a line starting in lower case
])
def test_a_wrapped_first_paragraph_above_one_line_paragraphs_stays_body(first):
    art = read_text(first + "\n\n" + BODY_LINES)
    assert art.title is None and len(art.paragraphs) == 4


@pytest.mark.parametrize("first", [
    "Drivers Block Depot\nPolice arrested eleven drivers at the depot after a six-hour stand-off on Sunday night.",
    "\u201cWhere are you going?\u201d the officer asked.\n\u201cTo the depot,\u201d the driver said.",  # dialogue
    "Bus drivers stopped work on Monday in a row over Unpaid\nOvertime, the union said.",  # wrapped, capital
    "1. Pay the overtime owed since March\n2. Restore the night allowance\n3. Reinstate the two dismissed drivers",
    "* Pay the overtime owed since March\n* Restore the night allowance",
])
def test_a_first_block_that_is_not_all_header_keeps_every_line(first):
    """Nothing is dropped: a title over a first paragraph, dialogue, a wrapped paragraph or a list
    above one-line paragraphs is read as the old reader read it, as body."""
    art = read_text(first + "\n\n" + BODY_LINES)
    body = " ".join(p.text for p in art.paragraphs)
    for line in first.split("\n"):
        assert line.lstrip("* ") in body
    assert art.title is None and len(art.paragraphs) == 4


@pytest.mark.parametrize("header,title,author,date,outlet", [
    # the outlet is the first candidate line, not the alphabetically first
    ("Drivers Block Depot\nWhy drivers walked out\nThe Harbour Weekly\n9 June 2024",
     "Drivers Block Depot", None, "2024-06-09", "Why drivers walked out"),
    # "by" inside a headline or a photo credit is no byline
    ("Betrayed by Westminster\nWhy the drivers feel abandoned\nThe Harbour Weekly, 9 June\nPhotographs by Leo Brandt",
     "Betrayed by Westminster", None, "9 June", "The Harbour Weekly"),
    # "Key: value" lines among other lines
    ("Drivers Block Depot\nAuthor: Mara Oskel\nDate: 9 June 2024", "Drivers Block Depot", "Mara Oskel",
     "2024-06-09", None),
])
def test_a_stacked_headers_fields_come_from_the_right_lines(header, title, author, date, outlet):
    art = read_text(header + "\n\n" + BODY_LINES)
    assert (art.title, art.author, art.date, art.outlet) == (title, author, date, outlet)
    assert len(art.paragraphs) == 3


def test_a_first_block_of_several_lines_in_a_wrapped_text_stays_body():
    # the other paragraphs are wrapped too, so a multi-line first block is just a wrapped paragraph
    text = ("Drivers met at dawn.\nManagers were waiting.\n\nThe authority said\nit would meet the union.\n\n"
            "Police kept the road\nopen, a spokesman said.\n\nNo arrests\nwere made.\n")
    art = read_text(text)
    assert art.title is None and len(art.paragraphs) == 4


@pytest.mark.parametrize("closing,author,role", [
    ("Yours sincerely,\nDr Ana Ruiz\nPrincipal", "Dr Ana Ruiz", "Principal"),
    ("Kind regards,\nTomas Berg\nChair, Ostmark Drivers' Union", "Tomas Berg", "Chair, Ostmark Drivers' Union"),
    ("Yours faithfully,\nThe Board of the Linden Tenants' Association", "The Board of the Linden Tenants' Association", None),
])
def test_a_sign_off_on_several_lines_gives_the_name_and_the_role(closing, author, role):
    art = read_text(f"We write to you about the arrests.\n\nWe ask you to act.\n\n{closing}\n")
    assert [p.text for p in art.paragraphs] == ["We write to you about the arrests.", "We ask you to act."]
    assert (art.author, art.author_role) == (author, role)


@pytest.mark.parametrize("closing,author,role", [
    ("Signed:\nJane Doe\nTomas Berg\nAna Ruiz", "Jane Doe, Tomas Berg, Ana Ruiz", None),  # co-signers
    ("Signed,\nJane Doe\n12 May 2024", "Jane Doe", None),
    ("Yours sincerely,\nJane Doe\njane.doe@example.org", "Jane Doe", None),
    ("Kind regards,\nJane Doe\nChair, Linden Tenants' Association\n07700 900123", "Jane Doe",
     "Chair, Linden Tenants' Association"),
    ("Yours sincerely,\nJane Doe\nHeadteacher\nSt Mary's Primary School", "Jane Doe",
     "Headteacher, St Mary's Primary School"),
])
def test_a_sign_offs_contact_lines_and_co_signers_are_not_its_role(closing, author, role):
    art = read_text(f"We write to you about the arrests.\n\nWe ask you to act.\n\n{closing}\n")
    assert (art.author, art.author_role) == (author, role) and len(art.paragraphs) == 2


def test_a_closing_word_over_a_sentence_is_joined_like_any_paragraph():
    art = read_text("We marched on Saturday.\n\nBest wishes,\nand see you all next week!\n")
    assert [p.text for p in art.paragraphs][-1] == "Best wishes, and see you all next week!"


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


BIO_BODY = "Nurses walked out at dawn.\n\nThe ministry said talks would resume.\n\n"


@pytest.mark.parametrize("footer,role", [
    ("Lena Park is a senior lecturer in politics at Northfield University. She writes here in a personal capacity.",
     "senior lecturer in politics at Northfield University"),
    ("Lena Park was the chief steward of the Harbour Nurses' Union. This essay is adapted from her book, Night Shift.",
     "chief steward of the Harbour Nurses' Union"),
])
def test_a_bio_with_one_more_sentence_is_a_footer_when_the_byline_names_the_author(footer, role):
    art = read_text(f"Strike at the Infirmary\nBy Lena Park\n\n{BIO_BODY}{footer}\n")
    assert [p.text for p in art.paragraphs] == ["Nurses walked out at dawn.", "The ministry said talks would resume."]
    assert (art.author, art.author_role) == ("Lena Park", role)


@pytest.mark.parametrize("header,last", [
    ("", "Jane Doe is a nurse. She was arrested on Monday."),  # no byline: a body paragraph about someone
    ("Strike at the Infirmary\nBy Lena Park\n\n", "Tom Reed is the mayor. He said nothing."),  # not the author
    ("Strike at the Infirmary\nBy Lena Park\n\n",
     "Lena Park is a nurse. She joined the picket. She was arrested on Monday."),  # three sentences
    ("Strike at the Infirmary\nBy Lena Park\n\n", "Parker was not at the picket. Nobody saw him there."),
    ("Strike at the Infirmary\nBy Minh Le\n\n",
     "Council Leader Tom Reed was unavailable for comment. A vote is expected next week."),
    ("Strike at the Infirmary\nBy Lena Park\n\n", "Park was right all along. The ministry must listen."),
    ("Strike at the Infirmary\nBy Lena Park\n\n", "Lena Park was right all along. The ministry must listen now."),
    # an abbreviation's full stop does not let a last paragraph pass for a bio
    ("", "Dr. Lee was treating the injured at St. Mary's hospital on Monday night."),
    ("", "Rev. John Obi has been held since Monday at No. 4 police station."),
    ("Strike at the Infirmary\nBy Jane Lee\n\n", "Ann Lee was arrested outside St. Mary's hospital."),
])
def test_a_last_paragraph_that_only_starts_like_a_bio_stays_body(header, last):
    art = read_text(f"{header}{BIO_BODY}{last}\n")
    assert art.paragraphs[-1].text == last and len(art.paragraphs) == 3


@pytest.mark.parametrize("byline,footer,author,role", [
    # the role after the comma is the author's role; the bio still ends the body and wins
    ("By Aurel Kostin, retired lieutenant general", "Aurel Kostin is the former chief of the general staff.",
     "Aurel Kostin", "former chief of the general staff"),
    ("By Aurel Kostin, retired lieutenant general", "", "Aurel Kostin", "retired lieutenant general"),
    ("By Mira Holt, staff reporter", "", "Mira Holt", "staff reporter"),
    ("By Mira Holt, a former judge", "", "Mira Holt", "former judge"),
    # an outlet or place after the comma is not a role
    ("By Mira Holt, Reuters", "", "Mira Holt, Reuters", None),
    ("By Mira Holt and Tom Reed", "", "Mira Holt and Tom Reed", None),
    ("By Mira Holt, and Tom Reed", "", "Mira Holt, and Tom Reed", None),
    ("By Mira Holt, the Guardian", "", "Mira Holt, the Guardian", None),
    ("By Mira Holt, in Kyiv", "", "Mira Holt, in Kyiv", None),
    ("By Mira Holt, with reporting by Tom Reed", "", "Mira Holt, with reporting by Tom Reed", None),
    ("By Mira Holt, agencies", "", "Mira Holt, agencies", None),
])
def test_a_byline_may_carry_the_authors_role_in_lower_case(byline, footer, author, role):
    tail = f"\n\n{footer}\n" if footer else "\n"
    art = read_text(f"Step back from the fuel war\n{byline}\n2 February 2025\n\n{BIO_BODY.rstrip()}{tail}")
    assert [p.text for p in art.paragraphs] == ["Nurses walked out at dawn.", "The ministry said talks would resume."]
    assert (art.author, art.author_role) == (author, role)


@pytest.mark.parametrize("byline,footer,author,role", [
    ("By Fr. Tomas Vell", "Fr. Tomas Vell is the parish priest of St. Ann's, Lower Marsh.",
     "Fr. Tomas Vell", "parish priest of St. Ann's, Lower Marsh"),
    ("By Mira Holt", "Mira Holt is a lecturer at Mt. Carrow College.", "Mira Holt", "lecturer at Mt. Carrow College"),
    ("By Dr. Ana Ruiz", "Dr. Ana Ruiz is a surgeon. She writes here in a personal capacity.", "Dr. Ana Ruiz", "surgeon"),
])
def test_a_bio_may_hold_abbreviations(byline, footer, author, role):
    art = read_text(f"Strike at the Infirmary\n{byline}\n\n{BIO_BODY}{footer}\n")
    assert [p.text for p in art.paragraphs] == ["Nurses walked out at dawn.", "The ministry said talks would resume."]
    assert (art.author, art.author_role) == (author, role)


@pytest.mark.parametrize("header,title,date", [
    ("Pay dispute at the docks: questions and answers\nMinistry of Labour, Republic of Varn\nLast updated: 19 March",
     "Pay dispute at the docks: questions and answers", "19 March"),
    ("Pay dispute at the docks\nUpdated: 4 May 2024", "Pay dispute at the docks", "2024-05-04"),
    # a long title, a case name, is still a title when a byline follows it
    ("Client alert: the new assembly law and the Constitutional Court's ruling in Federation of Rail Workers v. "
     "Ministry of the Interior\nBy Corinne Vale\n2 April 2025", None, "2025-04-02"),
])
def test_header_lines_with_an_updated_date_or_a_long_title(header, title, date):
    art = read_text(header + "\n\nDockworkers walked off the job on Monday.\n\nThe council said it would meet the union.\n")
    assert [p.text for p in art.paragraphs] == ["Dockworkers walked off the job on Monday.",
                                                "The council said it would meet the union."]
    assert art.date == date and (title is None or art.title == title)


@pytest.mark.parametrize("header,footer", [
    ("Mill closes after strike\n2 May 2025\nBrannock Textiles plc, Press Office",
     "Brannock Textiles plc is a cotton spinner with mills in three countries."),
    ("We are ending the blockade\n\n9 October 2023\n\nAlliance of Upland Dairy Cooperatives",
     "The Alliance of Upland Dairy Cooperatives is an association of forty cooperatives."),
])
def test_a_press_releases_about_line_is_a_footer_when_the_header_names_the_body(header, footer):
    art = read_text(f"{header}\n\n{BIO_BODY}{footer}\n")
    assert [p.text for p in art.paragraphs] == ["Nurses walked out at dawn.", "The ministry said talks would resume."]
    assert art.author_role is None and art.author


@pytest.mark.parametrize("last", [
    "Brannock Textiles plc is a cotton spinner with mills in three countries.",  # the header does not name it
    "The Alliance of Upland Dairy Cooperatives is an association that has never backed a strike.",
])
def test_an_about_line_the_header_does_not_name_stays_body(last):
    art = read_text(f"Mill closes after strike\n2 May 2025\nThe Ledger\n\n{BIO_BODY}{last}\n")
    assert art.paragraphs[-1].text == last and len(art.paragraphs) == 3
