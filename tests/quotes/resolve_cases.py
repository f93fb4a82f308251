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
