"""Hand-made speaker-resolution cases: short articles with the speaker mentions marked.

Each case is ``(id, text, expected)``: ``[[...]]`` marks a speaker mention (the quote finder's
output), and ``expected`` lists the canonical name for each marked mention, in order
(``None`` when no name should be given). The texts are invented for these tests; they cover
pronoun chains across paragraphs, people of different and of the same gender, role
descriptions, descriptions that must not resolve, countries and capitals, organisations,
unnamed groups, joint speakers, transliterations and surname-only mentions.
"""

from __future__ import annotations

CASES: list[tuple[str, str, list[str | None]]] = [
    # --- pronoun chains across paragraphs -------------------------------------------------
    ("chain-1",
     "German Chancellor Angela Merkel arrived in Paris on Tuesday.\n\n"
     "\"Europe must stand together,\" [[she]] told reporters.\n\n"
     "[[She]] added that the sanctions would stay in place until the ceasefire held.",
     ["Angela Merkel", "Angela Merkel"]),
    ("chain-2",
     "Chinese Foreign Minister Wang Yi met his Indian counterpart on Monday.\n\n"
     "[[Wang]] said the border was calm.\n\n"
     "\"We have no interest in confrontation,\" [[he]] said.\n\n"
     "[[He]] also called for more trade.",
     ["Wang Yi", "Wang Yi", "Wang Yi"]),
    ("chain-3",
     "Prime Minister Justin Trudeau defended the pipeline decision on Friday.\n"
     "[[He]] said the project would create jobs.\n"
     "\"This is good for the country,\" [[Trudeau]] said.\n"
     "[[He]] dismissed calls for an inquiry.",
     ["Justin Trudeau", "Justin Trudeau", "Justin Trudeau"]),
    ("chain-4",
     "Labour leader Keir Starmer spoke at the party conference in Liverpool.\n\n"
     "Delegates cheered as he arrived.\n\n"
     "[[He]] promised a national investment bank.\n\n"
     "\"We will rebuild,\" [[he]] said.",
     ["Keir Starmer", "Keir Starmer"]),
    ("chain-5",
     "[[Former Italian Prime Minister Matteo Renzi]] said on Sunday that he would not run again.\n"
     "[[Renzi]], 49, said the party needed new faces.\n"
     "[[He]] declined to name a successor.",
     ["Matteo Renzi", "Matteo Renzi", "Matteo Renzi"]),
    # --- two people of different gender ---------------------------------------------------
    ("gender-1",
     "Russian President Vladimir Putin met German Chancellor Angela Merkel in Sochi.\n"
     "[[She]] said the talks were frank.\n"
     "[[He]] said Russia was ready to help.",
     ["Angela Merkel", "Vladimir Putin"]),
    ("gender-2",
     "Hillary Clinton and Bernie Sanders clashed over trade in Thursday's debate.\n"
     "[[Sanders]] said the deals had cost jobs.\n"
     "[[She]] replied that she had voted against the last one.\n"
     "[[He]] said that was not enough.",
     ["Bernie Sanders", "Hillary Clinton", "Bernie Sanders"]),
    ("gender-3",
     "Theresa May spoke with President Donald Trump by phone on Friday.\n\n"
     "[[Mrs. May]] said the call was productive.\n\n"
     "[[Mr. Trump]] said the special relationship was strong.\n\n"
     "[[She]] said trade talks would start soon.",
     ["Theresa May", "Donald Trump", "Theresa May"]),
    ("gender-4",
     "Federica Mogherini, the EU foreign policy chief, received Iranian Foreign Minister "
     "Mohammad Javad Zarif in Brussels.\n"
     "\"The deal is working,\" [[she]] said after the meeting.\n"
     "[[He]] said Iran would keep its commitments.",
     ["Federica Mogherini", "Mohammad Javad Zarif"]),
    ("gender-5",
     "Nancy Pelosi criticised the plan on Wednesday.\n"
     "Kevin McCarthy defended it.\n"
     "[[She]] said it would hurt families.",
     ["Nancy Pelosi"]),
    ("gender-6",
     "Senator Elizabeth Warren questioned the bank's chief executive, John Stumpf.\n"
     "[[He]] said he took full responsibility.\n"
     "[[She]] said he should resign.",
     ["John Stumpf", "Elizabeth Warren"]),
    # --- two people of the same gender: salience -----------------------------------------
    ("same-1",
     "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Geneva.\n\n"
     "[[Kerry]] said the two sides had made progress on a ceasefire.\n\n"
     "\"We are closer than we were,\" [[he]] said.",
     ["John Kerry", "John Kerry"]),
    ("same-2",
     "Turkish President Recep Tayyip Erdogan accused the West of double standards.\n"
     "[[Erdogan]] said Europe had failed refugees.\n"
     "Dutch Prime Minister Mark Rutte rejected the claim.\n"
     "[[He]] said the Netherlands had kept its promises.",
     ["Recep Tayyip Erdogan", "Mark Rutte"]),
    ("same-3",
     "Syrian President Bashar al-Assad gave an interview to a Russian newspaper.\n\n"
     "[[Assad]] said the war would end only when the borders were closed.\n\n"
     "[[He]] praised Russian President Vladimir Putin for his support.\n\n"
     "\"Without our friends we would be in a different position,\" [[he]] said.",
     ["Bashar al-Assad", "Bashar al-Assad", "Bashar al-Assad"]),
    ("same-4",
     "Benjamin Netanyahu met U.S. envoy Jason Greenblatt in Jerusalem.\n"
     "[[Greenblatt]] said Washington was committed to peace.\n"
     "[[He]] said the talks would continue next month.",
     ["Jason Greenblatt", "Jason Greenblatt"]),
    ("same-5",
     "[[Boris Johnson]] said on Monday the deal was done.\n"
     "[[He]] said Parliament must now back it.\n"
     "Opposition leader Jeremy Corbyn called the deal a sell-out.\n"
     "[[Corbyn]] said it would cost jobs.\n"
     "[[He]] urged lawmakers to reject it.",
     ["Boris Johnson", "Boris Johnson", "Jeremy Corbyn", "Jeremy Corbyn"]),
    # --- descriptions with roles -----------------------------------------------------------
    ("desc-1",
     "Iranian Foreign Minister Mohammad Javad Zarif arrived in Vienna on Sunday.\n"
     "[[The Iranian minister]] said a deal was within reach.",
     ["Mohammad Javad Zarif"]),
    ("desc-2",
     "French Foreign Minister Laurent Fabius chaired the meeting.\n"
     "[[France's top diplomat]] said the text was balanced.",
     ["Laurent Fabius"]),
    ("desc-3",
     "State Department spokeswoman Jen Psaki was asked about the report.\n"
     "[[The spokeswoman]] said the department had no comment.",
     ["Jen Psaki"]),
    ("desc-4",
     "Hillary Clinton, the former secretary of state, spoke in Iowa.\n"
     "[[The former secretary of state]] said she would fight for working families.",
     ["Hillary Clinton"]),
    ("desc-5",
     "British Prime Minister David Cameron met Chinese President Xi Jinping in London.\n"
     "[[The Chinese leader]] said ties had entered a golden era.\n"
     "[[The prime minister]] said trade would grow.",
     ["Xi Jinping", "David Cameron"]),
    ("desc-6",
     "U.S. Defense Secretary Ashton Carter and Secretary of State John Kerry testified in Congress.\n"
     "[[The Pentagon chief]] said more troops were not needed.",
     ["Ashton Carter"]),
    ("desc-7",
     "Sergei Lavrov, Russia's foreign minister, met Syrian envoy Bashar al-Jaafari.\n"
     "[[The Russian diplomat]] said the talks were useful.",
     ["Sergei Lavrov"]),
    ("desc-8",
     "White House spokesman Josh Earnest took questions on Tuesday.\n"
     "[[The spokesman]] said the president would veto the bill.",
     ["Josh Earnest"]),
    ("desc-9",
     "Ukrainian President Petro Poroshenko met NATO Secretary-General Jens Stoltenberg in Kiev.\n"
     "[[The NATO chief]] said the alliance would keep supporting Ukraine.\n"
     "[[The Ukrainian president]] thanked him.",
     ["Jens Stoltenberg", "Petro Poroshenko"]),
    ("desc-10",
     "Defense Minister Sergei Shoigu inspected the troops.\n"
     "[[The minister]] said the exercises were going to plan.",
     ["Sergei Shoigu"]),
    # --- descriptions that must NOT resolve ------------------------------------------------
    ("nores-1",
     "Russian Foreign Minister Sergei Lavrov spoke in Moscow on Friday.\n"
     "[[A Kremlin spokesman]] said the president had not decided.",
     ["unnamed Kremlin spokesman"]),
    ("nores-2",
     "Turkish Foreign Minister Mevlut Cavusoglu met reporters in Ankara.\n"
     "[[The defense minister]] said the operation would continue.",
     ["unnamed defense minister"]),
    ("nores-3",
     "Russian Foreign Minister Sergei Lavrov met his counterpart in Moscow.\n"
     "[[The German minister]] said Berlin wanted dialogue.",
     ["unnamed German minister"]),
    ("nores-4",
     "Chancellor Angela Merkel addressed parliament on Thursday.\n"
     "[[The spokesman]] said details would follow.",
     ["unnamed spokesman"]),
    ("nores-5",
     "Deputy Foreign Minister Sergei Ryabkov met U.S. diplomats in Geneva.\n"
     "[[The foreign minister]] said in Moscow that no deal was near.",
     ["unnamed foreign minister"]),
    # --- countries and capitals as speakers -------------------------------------------------
    ("country-1",
     "[[China]] said on Monday it opposed the sanctions.\n"
     "[[Beijing]] warned that it would respond.",
     ["Chinese government", "Chinese government"]),
    ("country-2",
     "[[Washington]] has rejected the proposal, saying it would reward aggression.",
     ["U.S. government"]),
    ("country-3",
     "[[The Kremlin]] denied any involvement in the attack.\n"
     "[[It]] said the accusations were absurd.",
     ["Russian government", "Russian government"]),
    ("country-4",
     "[[Tehran]] insists its nuclear programme is peaceful.",
     ["Iranian government"]),
    ("country-5",
     "[[Britain]] said it would expel 23 diplomats.",
     ["British government"]),
    ("country-6",
     "[[The United States]] said the strike was lawful.",
     ["U.S. government"]),
    ("country-7",
     "[[Israel]] said the rockets were fired from Gaza.\n"
     "[[Egypt]] called for calm.",
     ["Israeli government", "Egyptian government"]),
    ("country-8",
     "[[The Syrian government]] said the rebels had used chemical weapons.",
     ["Syrian government"]),
    # --- organisations -------------------------------------------------------------------
    ("org-1",
     "[[The State Department]] said the embassy would remain open.",
     ["State Department"]),
    ("org-2",
     "[[Russia's Foreign Ministry]] said the expulsions were unjustified.",
     ["Russian Foreign Ministry"]),
    ("org-3",
     "[[The UN]] said the convoy had reached Aleppo.",
     ["United Nations"]),
    ("org-4",
     "[[Amnesty International]] said the trials were unfair.",
     ["Amnesty International"]),
    ("org-5",
     "The Russian Defence Ministry released new footage on Tuesday.\n"
     "[[The ministry]] said the strikes had hit militant positions.",
     ["Russian Defence Ministry"]),
    ("org-6",
     "[[NATO]] said it would double its presence in the Baltics.",
     ["NATO"]),
    ("org-7",
     "[[The European Commission]] said the rules would apply from January.",
     ["European Commission"]),
    ("org-8",
     "[[The Syrian Observatory for Human Rights]] said 20 civilians had been killed.",
     ["Syrian Observatory for Human Rights"]),
    # --- unnamed groups --------------------------------------------------------------------
    ("group-1",
     "[[Officials]] said the talks would resume next week.",
     ["unnamed officials"]),
    ("group-2",
     "[[Western diplomats]] said the draft would be put to a vote.",
     ["unnamed Western diplomats"]),
    ("group-3",
     "[[Some analysts]] said the move was a bluff.",
     ["unnamed analysts"]),
    ("group-4",
     "[[U.S. officials]] said the drone was shot down over international waters.",
     ["unnamed U.S. officials"]),
    ("group-5",
     "[[Residents]] said the shelling continued through the night.",
     ["unnamed residents"]),
    ("group-6",
     "[[Sources close to the negotiations]] said a deal was unlikely.",
     ["unnamed sources"]),
    ("group-7",
     "[[Officials from several Gulf states]] said they had not been consulted.",
     ["unnamed Gulf officials"]),
    # --- joint speakers ----------------------------------------------------------------------
    ("joint-1",
     "[[Russia and China]] vetoed the resolution, saying it was one-sided.",
     ["Russia and China"]),
    ("joint-2",
     "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi on Monday.\n"
     "[[The two leaders]] agreed to set up a demilitarised zone.",
     ["Russia and Turkey"]),
    ("joint-3",
     "Indian Prime Minister Narendra Modi held talks with Japanese Prime Minister Shinzo Abe in Tokyo.\n"
     "[[Both sides]] said they would deepen defence ties.",
     ["India and Japan"]),
    ("joint-4",
     "[[France and Germany]] said the budget must be agreed by June.",
     ["France and Germany"]),
    ("joint-5",
     "John Kerry met Sergei Lavrov in Geneva on Friday.\n"
     "[[They]] said a ceasefire would begin on Monday.",
     ["John Kerry and Sergei Lavrov"]),
    # --- names: transliterations, surnames, honorifics -------------------------------------
    ("name-1",
     "[[Russian Foreign Minister Sergey Lavrov]] said the West was to blame.",
     ["Sergei Lavrov"]),
    ("name-2",
     "Donald Trump spoke at a rally in Ohio.\n"
     "[[Mr. Trump]] said the election was rigged.",
     ["Donald Trump"]),
    ("name-3",
     "Bill Clinton campaigned for his wife, Hillary Clinton, in Nevada.\n"
     "[[Mrs. Clinton]] said she would raise the minimum wage.\n"
     "[[Mr. Clinton]] said she was the most qualified candidate.",
     ["Hillary Clinton", "Bill Clinton"]),
    ("name-4",
     "Iranian Foreign Minister Mohammed Javad Zarif met EU officials.\n"
     "[[Zarif]] said Iran would not renegotiate.",
     ["Mohammad Javad Zarif"]),
    ("name-5",
     "[[Dmitri Peskov]], the Kremlin spokesman, said the report was false.\n"
     "[[Peskov]] said Moscow would not respond.",
     ["Dmitry Peskov", "Dmitry Peskov"]),
    ("name-6",
     "UN envoy Staffan de Mistura arrived in Damascus.\n"
     "[[De Mistura]] said he was cautiously optimistic.",
     ["Staffan de Mistura"]),
    ("name-7",
     "[[Sen. Bernie Sanders (I-Vt.)]] said the system was rigged.",
     ["Bernie Sanders"]),
    # --- relative and first-person mentions ------------------------------------------------
    ("rel-1",
     "The plan was criticised by Senator John McCain, [[who]] said it would embolden Iran.",
     ["John McCain"]),
    ("first-1",
     "\"[[I]] heard calls for war,\" [[Lavrov]] said.",
     ["Lavrov", "Lavrov"]),
]


# Second batch: written after the resolver was tuned on the cases above, and scored once
# before any change (the held-out figure in the issue-3 report).
CASES += [
    ("b2-1",
     "Japanese Prime Minister Shinzo Abe visited Pearl Harbor on Tuesday.\n\n"
     "\"We must never repeat the horrors of war,\" [[Abe]] said.\n\n"
     "[[He]] was accompanied by U.S. President Barack Obama, who called the visit historic.",
     ["Shinzo Abe", "Shinzo Abe"]),
    ("b2-2",
     "\"The door remains open,\" said [[NATO Secretary General Jens Stoltenberg]].\n"
     "[[He]] added that Russia must withdraw its troops.",
     ["Jens Stoltenberg", "Jens Stoltenberg"]),
    ("b2-3",
     "Brazilian President Dilma Rousseff faced protests in Sao Paulo.\n"
     "Her predecessor, Luiz Inacio Lula da Silva, defended her record.\n"
     "[[Lula]] said the economy would recover.\n"
     "[[She]] said she would not resign.",
     ["Luiz Inacio Lula da Silva", "Dilma Rousseff"]),
    ("b2-4",
     "Saudi Foreign Minister Adel al-Jubeir met his Iranian counterpart.\n"
     "[[The Saudi minister]] said Riyadh wanted calm in the Gulf.",
     ["Adel al-Jubeir"]),
    ("b2-5",
     "[[Moscow]] accused Kiev of violating the truce.\n"
     "[[Kiev]] denied the charge.",
     ["Russian government", "Ukrainian government"]),
    ("b2-6",
     "[[The Pentagon]] said two soldiers had been wounded.",
     ["Pentagon"]),
    ("b2-7",
     "[[Diplomats]] at the United Nations said the vote had been delayed.\n"
     "[[They]] said Russia had asked for more time.",
     ["unnamed diplomats", "unnamed diplomats"]),
    ("b2-8",
     "German Foreign Minister Heiko Maas met Chinese Foreign Minister Wang Yi in Berlin.\n"
     "[[The two foreign ministers]] agreed to hold regular talks.",
     ["Germany and China"]),
    ("b2-9",
     "[[Iran and Russia]] said they would continue their military cooperation in Syria.",
     ["Iran and Russia"]),
    ("b2-10",
     "Senator Marco Rubio attacked Donald Trump on Sunday.\n\n"
     "[[Rubio]] said Trump was a con artist.\n\n"
     "Trump responded on Twitter.\n\n"
     "[[He]] called Rubio a lightweight.",
     ["Marco Rubio", "Donald Trump"]),
    ("b2-11",
     "Angela Merkel and Emmanuel Macron met in Aachen on Tuesday.\n"
     "[[Macron]] said Europe needed its own army.\n"
     "[[Merkel]] agreed.\n"
     "[[She]] said the two countries would lead.",
     ["Emmanuel Macron", "Angela Merkel", "Angela Merkel"]),
    ("b2-12",
     "[[A senior U.S. official]] said the sanctions would be lifted in stages.",
     ["unnamed senior U.S. official"]),
    ("b2-13",
     "Egyptian President Abdel Fattah el-Sisi received the delegation in Cairo.\n"
     "[[Sisi]] said Egypt would not accept any threat to its water.",
     ["Abdel Fattah el-Sisi"]),
    ("b2-14",
     "UN Secretary-General Antonio Guterres called for a ceasefire in Yemen.\n"
     "[[The UN chief]] said millions faced famine.",
     ["Antonio Guterres"]),
    ("b2-15",
     "Foreign Secretary Boris Johnson arrived in Moscow.\n"
     "[[Russia's foreign minister]] said the visit was useful.",
     ["unnamed Russia's foreign minister"]),
    ("b2-16",
     "[[Turkey]] said it had shot down a Russian warplane.\n"
     "[[Russia]] said the plane had not entered Turkish airspace.",
     ["Turkish government", "Russian government"]),
    ("b2-17",
     "[[Human Rights Watch]] said the airstrikes may amount to war crimes.\n"
     "[[The group]] called for an investigation.",
     ["Human Rights Watch", "Human Rights Watch"]),
    ("b2-18",
     "[[Kremlin spokesman Dmitry Peskov]] told reporters the claims were baseless.\n"
     "[[Peskov]] said Putin had not discussed the matter.",
     ["Dmitry Peskov", "Dmitry Peskov"]),
    ("b2-19",
     "Israeli Prime Minister Benjamin Netanyahu spoke to Congress on Tuesday.\n"
     "[[Netanyahu]] said the deal paved the way to a bomb.\n"
     "House Minority Leader Nancy Pelosi said she was saddened by the speech.\n"
     "[[She]] called it condescending.",
     ["Benjamin Netanyahu", "Nancy Pelosi"]),
    ("b2-20",
     "[[Some European countries]] said they would not follow the U.S. decision.",
     ["unnamed European countries"]),
    ("b2-21",
     "[[Mrs. Clinton]] told supporters in Ohio that she would win.\n"
     "Hillary Clinton has led in most polls.",
     ["Hillary Clinton"]),
    ("b2-22",
     "Russian Deputy Foreign Minister Sergei Ryabkov met U.S. Under Secretary of State Thomas Shannon.\n"
     "[[The Russian deputy minister]] said the talks were difficult.",
     ["Sergei Ryabkov"]),
    ("b2-23",
     "[[The Iranian government]] said the tanker would be released.\n"
     "[[It]] gave no date.",
     ["Iranian government", "Iranian government"]),
    ("b2-24",
     "French President Francois Hollande met Russian President Vladimir Putin at the Kremlin.\n"
     "[[Hollande]] said France and Russia must work together against Islamic State.\n"
     "[[Putin]] said Russia was ready to cooperate.\n"
     "[[The French president]] said the talks were constructive.",
     ["Francois Hollande", "Vladimir Putin", "Francois Hollande"]),
    ("b2-25",
     "The Turkish Foreign Ministry summoned the German ambassador.\n"
     "[[The ministry]] said the remarks were unacceptable.",
     ["Turkish Foreign Ministry"]),
    ("b2-26",
     "[[Witnesses]] said the gunmen fled in a white car.",
     ["unnamed witnesses"]),
    ("b2-27",
     "Chinese President Xi Jinping met U.S. President Donald Trump in Buenos Aires.\n"
     "[[Xi]] said the two countries should cooperate.",
     ["Xi Jinping"]),
    ("b2-28",
     "Venezuelan President Nicolas Maduro blamed the blackout on sabotage.\n"
     "Opposition leader Juan Guaido called for protests.\n"
     "[[Guaido]] said the government had failed.\n"
     "[[Maduro]] said the United States was behind the attack.\n"
     "\"They want to destroy us,\" [[he]] said.",
     ["Juan Guaido", "Nicolas Maduro", "Nicolas Maduro"]),
    ("b2-29",
     "[[The Syrian Foreign Ministry]] said in a statement that the strikes violated international law.",
     ["Syrian Foreign Ministry"]),
    ("b2-30",
     "[[Analysts]] said the central bank would raise rates.",
     ["unnamed analysts"]),
]


# Third group: regression cases written together with the fixes they test (heads of noun
# phrases, indefinite descriptions, possessors, object pronouns), not a blind set.
CASES += [
    ("b3-1",
     "Foreign Ministry spokesman Hua Chunying spoke on Monday.\n"
     "[[A spokesman for the ministry]] said later that talks would continue.",
     ["unnamed spokesman for the ministry"]),
    ("b3-2",
     "Foreign Ministry spokesman Hua Chunying spoke on Monday.\n"
     "[[The ministry spokesman]] said the talks would continue.",
     ["Hua Chunying"]),
    ("b3-3",
     "IAEA chief Yukiya Amano visited Tehran.\n[[The head of the IAEA]] said inspectors had access.",
     ["Yukiya Amano"]),
    ("b3-4",
     "[[The head of the IAEA]] said inspectors had access.",
     ["unnamed head of the IAEA"]),
    ("b3-5",
     "Russian President Vladimir Putin was in Sochi on Monday.\n"
     "[[The president's spokesman]] said he was busy.",
     ["unnamed president's spokesman"]),
    ("b3-6",
     "Donald Trump spoke in Iowa.\n[[His campaign]] said the rally drew 10,000 people.",
     ["Donald Trump's campaign"]),
    ("b3-7",
     "[[Israeli Prime Minister Benjamin Netanyahu's office]] said the strike targeted Hamas.",
     ["Benjamin Netanyahu's office"]),
    ("b3-8",
     "[[The Americans]] said the talks were useful.",
     ["U.S. government"]),
    ("b3-9",
     "Actress Julianne Moore was at the White House with President Barack Obama.\n"
     "Moore thanked him for acting.\n"
     "[[He]] announced new steps on gun control.",
     ["Barack Obama"]),
    ("b3-10",
     "[[The situation in Deir Ezzor]] allows for airdrops, Lavrov said.",
     [None]),
    ("b3-11",
     "Russian Foreign Minister Sergei Lavrov met reporters.\n"
     "\"[[We]] will not allow this,\" [[Lavrov]] said.",
     ["Sergei Lavrov", "Sergei Lavrov"]),
    ("b3-12",
     "Russian Foreign Minister Sergei Lavrov met reporters.\n"
     "He said [[his country]] would veto the draft.",
     ["Russian government"]),
]


def parse_case(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove the ``[[...]]`` marks; return the clean text and the mention offsets in order."""
    out = []
    spans = []
    i = 0
    while i < len(text):
        if text.startswith("[[", i):
            j = text.index("]]", i)
            start = sum(len(p) for p in out)
            mention = text[i + 2 : j]
            out.append(mention)
            spans.append((start, start + len(mention)))
            i = j + 2
        else:
            k = text.find("[[", i)
            k = len(text) if k < 0 else k
            out.append(text[i:k])
            i = k
    return "".join(out), spans
