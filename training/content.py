"""The seed courses, written for this portal from the project's source documents and public law.

Each text is a pair (English, French). Questions: (kind, (en, fr), [(correct, (en, fr), (feedback en, fr)), ...]).
"""

SINGLE, MULTIPLE = "single", "multiple"

COURSE = {
    "slug": "recognizing-responding-human-trafficking",
    "title": ("Recognizing and responding to human trafficking", "Reconnaître la traite des personnes et y réagir"),
    "summary": (
        "For front-line workers, justice staff and victim-serving organizations: what trafficking is under the "
        "law, why people may not ask for help, the signs to notice, and how to respond safely.",
        "Pour le personnel de première ligne, de la justice et des organismes d'aide aux victimes : ce qu'est la "
        "traite selon la loi, pourquoi les personnes ne demandent pas toujours de l'aide, les signes à remarquer "
        "et comment réagir en toute sécurité.",
    ),
    "warning": (
        "This course talks about sexual exploitation, violence, threats and forced labour. Some of it may be "
        "hard to read, especially if you or someone close to you lived through exploitation. You can stop at any "
        "time and come back later: your place is kept. If you need to talk to someone, the Canadian Human "
        "Trafficking Hotline answers at **1-833-900-1010**, day and night.",
        "Ce cours aborde l'exploitation sexuelle, la violence, les menaces et le travail forcé. Certains passages "
        "peuvent être difficiles à lire, surtout si vous ou une personne proche avez vécu de l'exploitation. Vous "
        "pouvez arrêter à tout moment et revenir plus tard : votre place est conservée. Si vous avez besoin de "
        "parler à quelqu'un, la Ligne d'urgence canadienne contre la traite des personnes répond au "
        "**1-833-900-1010**, jour et nuit.",
    ),
    "audiences": ["justice", "ministry", "victim_services", "police", "health", "courts"],
    "estimated_minutes": 45,
    "pass_mark": 80,
    "max_attempts": 3,
    "validity_months": 12,
    "is_open": False,
}

MODULES = [
    {
        "title": ("What human trafficking is", "Ce qu'est la traite des personnes"),
        "lessons": [
            (
                ("Before you begin", "Avant de commencer"),
                (
                    "Alberta's action plan against human trafficking asks that judges, prosecutors and first "
                    "responders such as police officers, nurses and doctors receive proper training. This course "
                    "is part of that effort.\n\n"
                    "**How the course works**\n\n"
                    "- Four short modules, each ending with a knowledge check that gives feedback on every "
                    "answer.\n"
                    "- A final assessment. You need 80% to pass, and you may try up to three times.\n"
                    "- Passing gives you a certificate at once. It is valid for one year.\n\n"
                    "**Look after yourself.** The topic is heavy. Take breaks, and talk to your supervisor or an "
                    "employee assistance program if something stays with you.",
                    "Le plan d'action de l'Alberta contre la traite des personnes demande que les juges, les "
                    "procureurs et les premiers intervenants, comme les policiers, les infirmières et les "
                    "médecins, reçoivent une formation adaptée. Ce cours s'inscrit dans cet effort.\n\n"
                    "**Comment fonctionne le cours**\n\n"
                    "- Quatre courts modules, chacun suivi d'une vérification des connaissances qui commente "
                    "chaque réponse.\n"
                    "- Une évaluation finale. Il faut 80 % pour réussir, et vous avez droit à trois essais.\n"
                    "- La réussite vous donne aussitôt un certificat, valide un an.\n\n"
                    "**Prenez soin de vous.** Le sujet est lourd. Faites des pauses et parlez à votre "
                    "superviseur ou à un programme d'aide aux employés si quelque chose vous reste en tête.",
                ),
            ),
            (
                ("The definition: act, means and purpose", "La définition : l'acte, les moyens et le but"),
                (
                    "Alberta uses the definition of the United Nations protocol on trafficking in persons, "
                    "known as the **Palermo Protocol** (2000), which Canada has ratified. It has three parts:\n\n"
                    "1. **The act**: recruiting, transporting, transferring, harbouring or receiving a person.\n"
                    "2. **The means**: threats, force or other coercion, abduction, fraud, deception, abuse of "
                    "power or of someone's vulnerability, or payments to a person who controls the victim.\n"
                    "3. **The purpose**: exploitation, such as sexual exploitation, forced labour or services, "
                    "slavery or similar practices, servitude, or the removal of organs.\n\n"
                    "When any of these means is used, the victim's apparent consent does not matter. For a "
                    "person under 18, the act and the purpose are enough: no means has to be shown.\n\n"
                    "In Canada, trafficking is a crime under the *Criminal Code* and the *Immigration and "
                    "Refugee Protection Act*. The Criminal Code speaks of recruiting, transporting, holding, "
                    "concealing or harbouring someone, or controlling or influencing their movements, in order "
                    "to exploit them. Trafficking does **not** require crossing a border: most victims "
                    "identified in Canada were exploited inside the country.",
                    "L'Alberta retient la définition du protocole des Nations Unies sur la traite des "
                    "personnes, appelé **Protocole de Palerme** (2000), que le Canada a ratifié. Elle comporte "
                    "trois éléments :\n\n"
                    "1. **L'acte** : recruter, transporter, transférer, héberger ou accueillir une personne.\n"
                    "2. **Les moyens** : menaces, force ou autre contrainte, enlèvement, fraude, tromperie, abus "
                    "d'autorité ou de la vulnérabilité d'une personne, ou paiements à quelqu'un qui a autorité "
                    "sur la victime.\n"
                    "3. **Le but** : l'exploitation, comme l'exploitation sexuelle, le travail ou les services "
                    "forcés, l'esclavage ou des pratiques semblables, la servitude ou le prélèvement d'organes."
                    "\n\n"
                    "Lorsqu'un de ces moyens est utilisé, le consentement apparent de la victime ne compte pas. "
                    "Pour une personne de moins de 18 ans, l'acte et le but suffisent : aucun moyen n'a à être "
                    "prouvé.\n\n"
                    "Au Canada, la traite est un crime selon le *Code criminel* et la *Loi sur l'immigration et "
                    "la protection des réfugiés*. Le Code criminel vise le fait de recruter, transporter, "
                    "détenir, cacher ou héberger une personne, ou de contrôler ou d'influencer ses déplacements, "
                    "en vue de l'exploiter. La traite n'exige **pas** de franchir une frontière : la plupart des "
                    "victimes repérées au Canada ont été exploitées à l'intérieur du pays.",
                ),
            ),
            (
                ("Three forms of trafficking", "Trois formes de traite"),
                (
                    "The Government of Alberta describes three forms:\n\n"
                    "- **Sexual exploitation**: a person is made to take part in sexual acts, often sold to "
                    "others, against their will.\n"
                    "- **Forced labour**: a person is made to work through threats, debt, confiscated "
                    "documents or violence, for little or no pay.\n"
                    "- **Trafficking in organs or tissues**: a person's organs or tissues are taken through "
                    "coercion or deception.\n\n"
                    "Sexual exploitation and labour exploitation are the forms found most often in Canada. A "
                    "2015 report from Edmonton noted that people had been trafficked in Alberta for sex, for "
                    "labour and for organ removal.\n\n"
                    "Traffickers exploit people of every age, ethnicity and gender. What keeps victims in place "
                    "is usually the threat of violence, against them or their family, which traps them in a "
                    "cycle of exploitation.",
                    "Le gouvernement de l'Alberta décrit trois formes :\n\n"
                    "- **L'exploitation sexuelle** : une personne est forcée de participer à des actes sexuels, "
                    "souvent vendus à d'autres, contre sa volonté.\n"
                    "- **Le travail forcé** : une personne est forcée de travailler par des menaces, une dette, "
                    "la confiscation de ses papiers ou la violence, pour un salaire faible ou nul.\n"
                    "- **La traite d'organes ou de tissus** : les organes ou tissus d'une personne sont "
                    "prélevés par la contrainte ou la tromperie.\n\n"
                    "L'exploitation sexuelle et l'exploitation par le travail sont les formes les plus "
                    "fréquentes au Canada. Un rapport publié à Edmonton en 2015 signalait des cas de traite en "
                    "Alberta à des fins sexuelles, de travail et de prélèvement d'organes.\n\n"
                    "Les trafiquants exploitent des personnes de tout âge, de toute origine et de tout genre. Ce "
                    "qui retient les victimes est le plus souvent la menace de violence, contre elles ou leur "
                    "famille, qui les enferme dans un cycle d'exploitation.",
                ),
            ),
        ],
        "check": [
            (
                SINGLE,
                (
                    "Which three elements make up the Palermo Protocol definition?",
                    "Quels trois éléments composent la définition du Protocole de Palerme?",
                ),
                [
                    (
                        True,
                        ("The act, the means and the purpose", "L'acte, les moyens et le but"),
                        (
                            "Right: what was done, how, and why (to exploit).",
                            "Exact : ce qui a été fait, comment, et pourquoi (pour exploiter).",
                        ),
                    ),
                    (
                        False,
                        (
                            "Crossing a border, payment and consent",
                            "Le passage d'une frontière, un paiement et le consentement",
                        ),
                        (
                            "No. Trafficking does not require crossing a border, and consent obtained by these means "
                            "does not count.",
                            "Non. La traite n'exige pas de franchir une frontière, et un consentement obtenu par ces "
                            "moyens ne compte pas.",
                        ),
                    ),
                    (
                        False,
                        ("The victim, the trafficker and the buyer", "La victime, le trafiquant et l'acheteur"),
                        (
                            "No. The definition looks at the act, the means and the purpose.",
                            "Non. La définition porte sur l'acte, les moyens et le but.",
                        ),
                    ),
                ],
            ),
            (
                MULTIPLE,
                (
                    "Which are forms of human trafficking named by the Government of Alberta?",
                    "Lesquelles sont des formes de traite nommées par le gouvernement de l'Alberta?",
                ),
                [
                    (
                        True,
                        ("Sexual exploitation", "L'exploitation sexuelle"),
                        ("Yes, one of the three forms.", "Oui, l'une des trois formes."),
                    ),
                    (
                        True,
                        ("Forced labour", "Le travail forcé"),
                        ("Yes, one of the three forms.", "Oui, l'une des trois formes."),
                    ),
                    (
                        True,
                        ("Trafficking in organs or tissues", "La traite d'organes ou de tissus"),
                        ("Yes, one of the three forms.", "Oui, l'une des trois formes."),
                    ),
                    (
                        False,
                        (
                            "Helping someone cross a border for a fee, with nothing else",
                            "Aider quelqu'un à passer une frontière contre paiement, sans plus",
                        ),
                        (
                            "No. That is smuggling; trafficking is about exploiting the person.",
                            "Non. C'est du passage clandestin; la traite vise l'exploitation de la personne.",
                        ),
                    ),
                ],
            ),
        ],
    },
    {
        "title": ("Why victims may not come forward", "Pourquoi les victimes ne se manifestent pas toujours"),
        "lessons": [
            (
                ("What holds people back", "Ce qui retient les personnes"),
                (
                    "Public Safety Canada notes that many victims hesitate to report trafficking. The reasons "
                    "include:\n\n"
                    '- **Manipulation**: the trafficker may pose as a partner, friend or employer who "takes '
                    'care" of them.\n'
                    "- **Fear and threats** against themselves or their family, here or abroad.\n"
                    "- **Shame** about what they were made to do.\n"
                    "- **Language barriers** that make it hard to explain or to know where to turn.\n"
                    "- **Mistrust of authorities**, sometimes taught by the trafficker or learned in another "
                    "country.\n"
                    "- **Not seeing themselves as victims**: they may believe they owe a debt or chose the "
                    "situation.\n\n"
                    "Migrant workers and people without permanent status may also fear losing their job or "
                    "being removed from Canada. A Temporary Resident Permit can protect trafficked "
                    "non-citizens; service providers can explain it.\n\n"
                    "**What this means for you**: do not expect a first conversation to bring a disclosure. "
                    "Being calm, believed and not judged is what makes a person come back.",
                    "Sécurité publique Canada souligne que beaucoup de victimes hésitent à signaler la traite. "
                    "Parmi les raisons :\n\n"
                    "- **La manipulation** : le trafiquant peut se présenter comme un partenaire, un ami ou un "
                    "employeur qui « prend soin » d'elles.\n"
                    "- **La peur et les menaces** contre elles ou leur famille, ici ou à l'étranger.\n"
                    "- **La honte** de ce qu'on les a forcées à faire.\n"
                    "- **La barrière de la langue**, qui rend difficile d'expliquer ou de savoir à qui "
                    "s'adresser.\n"
                    "- **La méfiance envers les autorités**, parfois entretenue par le trafiquant ou née dans un "
                    "autre pays.\n"
                    "- **Ne pas se voir comme victimes** : elles peuvent croire qu'elles ont une dette ou "
                    "qu'elles ont choisi leur situation.\n\n"
                    "Les travailleurs migrants et les personnes sans statut permanent peuvent aussi craindre de "
                    "perdre leur emploi ou d'être renvoyés du Canada. Un permis de séjour temporaire peut "
                    "protéger les personnes non citoyennes victimes de traite; les organismes d'aide peuvent "
                    "l'expliquer.\n\n"
                    "**Ce que cela signifie pour vous** : n'attendez pas de confidence dès la première "
                    "conversation. C'est le calme, le fait d'être crue et de ne pas être jugée qui incite une "
                    "personne à revenir.",
                ),
            ),
        ],
        "check": [
            (
                MULTIPLE,
                (
                    "Which of these can keep a victim from coming forward?",
                    "Lesquels de ces éléments peuvent empêcher une victime de se manifester?",
                ),
                [
                    (
                        True,
                        ("Threats against their family", "Des menaces contre sa famille"),
                        (
                            "Yes. Fear for loved ones is a strong hold.",
                            "Oui. La peur pour ses proches est une emprise puissante.",
                        ),
                    ),
                    (
                        True,
                        ("Not realizing they are a victim", "Ne pas se rendre compte qu'elle est victime"),
                        (
                            "Yes. Many believe they owe a debt or chose the situation.",
                            "Oui. Beaucoup croient avoir une dette ou avoir choisi leur situation.",
                        ),
                    ),
                    (
                        True,
                        ("Mistrust of authorities", "La méfiance envers les autorités"),
                        ("Yes, often encouraged by the trafficker.", "Oui, souvent entretenue par le trafiquant."),
                    ),
                    (
                        False,
                        ("Not being interested in help", "Le manque d'intérêt pour l'aide"),
                        (
                            "No. Silence usually comes from fear, shame or control, not from lack of interest.",
                            "Non. Le silence vient le plus souvent de la peur, de la honte ou du contrôle, pas d'un "
                            "manque d'intérêt.",
                        ),
                    ),
                ],
            ),
            (
                SINGLE,
                (
                    "A person you suspect is being exploited denies any problem. What is the best approach?",
                    "Une personne que vous croyez exploitée nie tout problème. Quelle est la meilleure approche?",
                ),
                [
                    (
                        True,
                        (
                            "Stay calm and respectful, and let them know help is available when they want it",
                            "Rester calme et respectueux et lui faire savoir que de l'aide existe quand elle le voudra",
                        ),
                        (
                            "Yes. Trust is built over time; a first denial is common.",
                            "Oui. La confiance se construit avec le temps; un premier refus est fréquent.",
                        ),
                    ),
                    (
                        False,
                        ("Press them until they admit it", "Insister jusqu'à ce qu'elle l'admette"),
                        (
                            "No. Pressure can frighten the person and put them at risk.",
                            "Non. La pression peut effrayer la personne et la mettre en danger.",
                        ),
                    ),
                    (
                        False,
                        (
                            "Conclude there is no problem and close the file",
                            "Conclure qu'il n'y a pas de problème et fermer le dossier",
                        ),
                        (
                            "No. Denial does not mean there is no exploitation.",
                            "Non. Un refus ne signifie pas qu'il n'y a pas d'exploitation.",
                        ),
                    ),
                ],
            ),
        ],
    },
    {
        "title": ("Signs to notice", "Les signes à remarquer"),
        "lessons": [
            (
                ("Indicators of trafficking", "Les indicateurs de la traite"),
                (
                    "No single sign proves trafficking, but several together should make you pay attention. "
                    "Watch for a person who:\n\n"
                    "- does not hold their own identity documents, passport or money;\n"
                    "- is accompanied by someone who answers for them or will not leave them alone;\n"
                    "- seems afraid, anxious or gives answers that sound rehearsed;\n"
                    "- does not know their address or where they are;\n"
                    "- shows injuries they cannot or will not explain;\n"
                    "- owes a large debt to an employer or recruiter that keeps growing;\n"
                    "- lives where they work, works very long hours, or is not free to leave;\n"
                    '- for a young person: has an older "boyfriend" or new friend, gifts or phones they '
                    "could not afford, or is often missing from home or school.\n\n"
                    "For workers, including temporary foreign workers, other signs are fees charged by a "
                    "recruiter, a job that is not the one promised, and pay withheld or taken for housing or "
                    "transport.",
                    "Aucun signe ne prouve à lui seul la traite, mais plusieurs signes réunis doivent attirer "
                    "votre attention. Soyez attentif à une personne qui :\n\n"
                    "- n'a pas en sa possession ses papiers d'identité, son passeport ou son argent;\n"
                    "- est accompagnée d'une personne qui répond à sa place ou ne la laisse jamais seule;\n"
                    "- semble avoir peur, être anxieuse ou donne des réponses qui semblent apprises;\n"
                    "- ne connaît pas son adresse ou l'endroit où elle se trouve;\n"
                    "- présente des blessures qu'elle ne peut pas ou ne veut pas expliquer;\n"
                    "- a envers un employeur ou un recruteur une dette importante qui ne cesse de grandir;\n"
                    "- vit sur son lieu de travail, travaille de très longues heures ou n'est pas libre de "
                    "partir;\n"
                    "- pour une jeune personne : a un « copain » ou un nouvel ami plus âgé, des cadeaux ou des "
                    "téléphones qu'elle ne pourrait pas se payer, ou s'absente souvent de la maison ou de "
                    "l'école.\n\n"
                    "Chez les travailleurs, y compris les travailleurs étrangers temporaires, d'autres signes "
                    "sont les frais exigés par un recruteur, un emploi différent de celui promis, et un salaire "
                    "retenu ou prélevé pour le logement ou le transport.",
                ),
            ),
        ],
        "check": [
            (
                SINGLE,
                (
                    'A worker tells you the employer keeps her passport "for safekeeping" and that she owes a '
                    "recruitment fee. What should you think?",
                    "Une travailleuse vous dit que l'employeur garde son passeport « pour le protéger » et qu'elle "
                    "doit des frais de recrutement. Que devez-vous en penser?",
                ),
                [
                    (
                        True,
                        (
                            "These are two indicators of labour trafficking worth acting on",
                            "Ce sont deux indicateurs de traite à des fins de travail qui justifient d'agir",
                        ),
                        (
                            "Yes. Control of documents and debt are classic signs.",
                            "Oui. Le contrôle des papiers et la dette sont des signes classiques.",
                        ),
                    ),
                    (
                        False,
                        (
                            "It is normal practice for foreign workers",
                            "C'est une pratique normale pour les travailleurs étrangers",
                        ),
                        (
                            "No. An employer has no right to keep a worker's passport.",
                            "Non. Un employeur n'a pas le droit de garder le passeport d'un travailleur.",
                        ),
                    ),
                    (
                        False,
                        (
                            "It proves trafficking, so confront the employer",
                            "Cela prouve la traite, alors il faut confronter l'employeur",
                        ),
                        (
                            "No. Signs call for a safe response, never a confrontation.",
                            "Non. Les signes demandent une réaction sûre, jamais une confrontation.",
                        ),
                    ),
                ],
            ),
            (
                MULTIPLE,
                (
                    "Which are indicators that a young person may be sexually exploited?",
                    "Lesquels sont des indicateurs qu'une jeune personne est peut-être exploitée sexuellement?",
                ),
                [
                    (
                        True,
                        (
                            "An older partner who controls where they go",
                            "Un partenaire plus âgé qui contrôle ses déplacements",
                        ),
                        (
                            'Yes. Control by a "boyfriend" is a frequent pattern.',
                            "Oui. Le contrôle par un « copain » est un schéma fréquent.",
                        ),
                    ),
                    (
                        True,
                        (
                            "Expensive gifts or several phones with no explanation",
                            "Des cadeaux coûteux ou plusieurs téléphones sans explication",
                        ),
                        (
                            "Yes. Gifts are often used to create a debt or loyalty.",
                            "Oui. Les cadeaux servent souvent à créer une dette ou de la loyauté.",
                        ),
                    ),
                    (
                        False,
                        ("Having a part-time job", "Avoir un emploi à temps partiel"),
                        (
                            "No. On its own this is not a sign of exploitation.",
                            "Non. À lui seul, ce n'est pas un signe d'exploitation.",
                        ),
                    ),
                ],
            ),
        ],
    },
    {
        "title": ("Responding safely", "Réagir en toute sécurité"),
        "lessons": [
            (
                ("What to do, and what not to do", "Quoi faire, et quoi éviter"),
                (
                    "**If anyone is in immediate danger, call 911.**\n\n"
                    "Otherwise:\n\n"
                    "- **Do not confront** the person you suspect of trafficking, and do not try to rescue "
                    "anyone yourself. It can put the victim, you and others in danger.\n"
                    "- Speak with the person **alone**, somewhere private. If you need an interpreter, use a "
                    "professional one, never the person who came with them.\n"
                    "- Listen, believe, and **let them lead**. Adults decide what happens next; do not promise "
                    "what you cannot deliver.\n"
                    "- If the person is under 18, follow your duty to report to child protection services.\n"
                    "- Write down what you saw and heard, factually, and follow your organization's protocol.\n"
                    "- Call or share the **Canadian Human Trafficking Hotline: 1-833-900-1010**. It is "
                    "confidential, open 24 hours a day, and can connect people with local services, police "
                    "when they want it, and interpreters.",
                    "**Si quelqu'un est en danger immédiat, composez le 911.**\n\n"
                    "Sinon :\n\n"
                    "- **Ne confrontez pas** la personne que vous soupçonnez de traite et n'essayez pas de "
                    "secourir quelqu'un vous-même. Cela peut mettre en danger la victime, vous-même et "
                    "d'autres personnes.\n"
                    "- Parlez avec la personne **seule**, dans un endroit privé. Si un interprète est "
                    "nécessaire, faites appel à un professionnel, jamais à la personne qui l'accompagne.\n"
                    "- Écoutez, croyez-la et **laissez-la guider**. Un adulte décide de la suite; ne promettez "
                    "pas ce que vous ne pouvez pas tenir.\n"
                    "- Si la personne a moins de 18 ans, respectez votre obligation de signalement aux "
                    "services de protection de l'enfance.\n"
                    "- Notez ce que vous avez vu et entendu, de façon factuelle, et suivez le protocole de "
                    "votre organisation.\n"
                    "- Appelez ou faites connaître la **Ligne d'urgence canadienne contre la traite des "
                    "personnes : 1-833-900-1010**. Elle est confidentielle, ouverte 24 heures sur 24, et peut "
                    "orienter vers les services locaux, la police si la personne le souhaite, et des "
                    "interprètes.",
                ),
            ),
            (
                ("Where to turn", "Vers qui se tourner"),
                (
                    "Besides 911 and the national hotline (1-833-900-1010), specialized services can help:\n\n"
                    "| Service | Phone | What it offers |\n"
                    "|---|---|---|\n"
                    "| Hamilton Police Service, Victim Services | 905-546-4904 | Practical help, emotional "
                    "support and referrals for victims of crime, including trafficking |\n"
                    "| Chrysalis Anti-Human Trafficking Network | 1-866-528-7109 | Free, confidential trauma "
                    "counselling by phone for people trafficked for sex or labour |\n"
                    "| Manitoba Human Trafficking Hotline (Klinic) | 1-844-333-2211 | Crisis counselling, "
                    "safety planning and referrals, 24/7 |\n\n"
                    "In Alberta, ACT Alberta (the Action Coalition on Human Trafficking) supports trafficked "
                    "people and the workers who help them. For first-contact service providers, the Canadian "
                    "Council for Refugees publishes a national human trafficking assessment tool.",
                    "En plus du 911 et de la ligne nationale (1-833-900-1010), des services spécialisés "
                    "peuvent aider :\n\n"
                    "| Service | Téléphone | Ce qu'il offre |\n"
                    "|---|---|---|\n"
                    "| Service de police de Hamilton, Services aux victimes | 905-546-4904 | Aide pratique, "
                    "soutien émotionnel et orientation pour les victimes d'actes criminels, y compris de "
                    "traite |\n"
                    "| Réseau anti-traite Chrysalis | 1-866-528-7109 | Counseling gratuit et confidentiel par "
                    "téléphone pour les personnes victimes de traite à des fins sexuelles ou de travail |\n"
                    "| Ligne d'urgence du Manitoba contre la traite (Klinic) | 1-844-333-2211 | Counseling de "
                    "crise, plan de sécurité et orientation, 24 h sur 24 |\n\n"
                    "En Alberta, ACT Alberta (Action Coalition on Human Trafficking) soutient les personnes "
                    "victimes de traite et les intervenants qui les aident. Pour les intervenants de premier "
                    "contact, le Conseil canadien pour les réfugiés publie un outil national d'évaluation de "
                    "la traite des personnes.",
                ),
            ),
        ],
        "check": [
            (
                SINGLE,
                (
                    "You believe the man waiting outside is controlling your client. What do you do?",
                    "Vous croyez que l'homme qui attend dehors contrôle votre cliente. Que faites-vous?",
                ),
                [
                    (
                        True,
                        (
                            "Do not confront him; speak with your client alone and follow your protocol",
                            "Ne pas le confronter; parler seule à seule avec votre cliente et suivre votre protocole",
                        ),
                        (
                            "Yes. Safety first, for her and for you.",
                            "Oui. La sécurité d'abord, pour elle et pour vous.",
                        ),
                    ),
                    (
                        False,
                        ("Go outside and ask him what is going on", "Sortir lui demander ce qui se passe"),
                        (
                            "No. Confronting a suspected trafficker can put everyone in danger.",
                            "Non. Confronter un trafiquant présumé peut mettre tout le monde en danger.",
                        ),
                    ),
                    (
                        False,
                        ("Ask him to interpret for her", "Lui demander de servir d'interprète"),
                        (
                            "No. Use a professional interpreter, never the person who came with her.",
                            "Non. Faites appel à un interprète professionnel, jamais à la personne qui l'accompagne.",
                        ),
                    ),
                ],
            ),
            (
                SINGLE,
                (
                    "What is the number of the Canadian Human Trafficking Hotline?",
                    "Quel est le numéro de la Ligne d'urgence canadienne contre la traite des personnes?",
                ),
                [
                    (
                        True,
                        ("1-833-900-1010", "1-833-900-1010"),
                        (
                            "Yes. Confidential and open 24 hours a day.",
                            "Oui. Confidentielle et ouverte 24 heures sur 24.",
                        ),
                    ),
                    (
                        False,
                        ("1-844-333-2211", "1-844-333-2211"),
                        ("No. That is Manitoba's provincial hotline.", "Non. C'est la ligne provinciale du Manitoba."),
                    ),
                    (
                        False,
                        ("905-546-4904", "905-546-4904"),
                        (
                            "No. That is Hamilton Police Victim Services.",
                            "Non. Ce sont les Services aux victimes de la police de Hamilton.",
                        ),
                    ),
                ],
            ),
        ],
    },
]

FINAL = [
    (
        SINGLE,
        (
            "Under the Palermo Protocol, what is the purpose element of trafficking?",
            "Selon le Protocole de Palerme, quel est l'élément « but » de la traite?",
        ),
        [
            (True, ("Exploitation", "L'exploitation"), ("Correct.", "Exact.")),
            (
                False,
                ("Crossing a border", "Franchir une frontière"),
                (
                    "No. Trafficking can happen entirely within Canada.",
                    "Non. La traite peut se dérouler entièrement au Canada.",
                ),
            ),
            (
                False,
                ("Payment of a smuggling fee", "Le paiement d'un passeur"),
                ("No. That describes smuggling.", "Non. Cela décrit le passage clandestin."),
            ),
        ],
    ),
    (
        SINGLE,
        (
            "For a victim under 18, which elements must be present?",
            "Pour une victime de moins de 18 ans, quels éléments doivent être présents?",
        ),
        [
            (
                True,
                (
                    "The act and the purpose; no means has to be shown",
                    "L'acte et le but; aucun moyen n'a à être prouvé",
                ),
                ("Correct.", "Exact."),
            ),
            (
                False,
                ("The act, the means and the purpose", "L'acte, les moyens et le but"),
                (
                    "No. For children the means are not required.",
                    "Non. Pour les enfants, les moyens ne sont pas exigés.",
                ),
            ),
            (
                False,
                ("Only the means", "Seulement les moyens"),
                ("No. The act and the purpose are what count.", "Non. Ce sont l'acte et le but qui comptent."),
            ),
        ],
    ),
    (
        MULTIPLE,
        (
            "Which three forms of trafficking does the Government of Alberta name?",
            "Quelles trois formes de traite le gouvernement de l'Alberta nomme-t-il?",
        ),
        [
            (True, ("Sexual exploitation", "L'exploitation sexuelle"), ("Correct.", "Exact.")),
            (True, ("Forced labour", "Le travail forcé"), ("Correct.", "Exact.")),
            (True, ("Trafficking in organs or tissues", "La traite d'organes ou de tissus"), ("Correct.", "Exact.")),
            (False, ("Tax evasion", "L'évasion fiscale"), ("No, that is another crime.", "Non, c'est un autre crime.")),
        ],
    ),
    (
        SINGLE,
        (
            "Under which Canadian laws is human trafficking an offence?",
            "En vertu de quelles lois canadiennes la traite des personnes est-elle une infraction?",
        ),
        [
            (
                True,
                (
                    "The Criminal Code and the Immigration and Refugee Protection Act",
                    "Le Code criminel et la Loi sur l'immigration et la protection des réfugiés",
                ),
                ("Correct.", "Exact."),
            ),
            (
                False,
                ("Only provincial employment standards", "Seulement les normes d'emploi provinciales"),
                ("No. It is a federal crime.", "Non. C'est un crime fédéral."),
            ),
            (False, ("It is not an offence in Canada", "Ce n'est pas une infraction au Canada"), ("No.", "Non.")),
        ],
    ),
    (
        MULTIPLE,
        ("Why might a victim not ask for help?", "Pourquoi une victime pourrait-elle ne pas demander d'aide?"),
        [
            (True, ("Shame", "La honte"), ("Correct.", "Exact.")),
            (True, ("Language barriers", "La barrière de la langue"), ("Correct.", "Exact.")),
            (True, ("Fear of the trafficker", "La peur du trafiquant"), ("Correct.", "Exact.")),
            (
                False,
                ("Because exploitation is rare in Canada", "Parce que l'exploitation est rare au Canada"),
                (
                    "No. This is not a reason a victim stays silent.",
                    "Non. Ce n'est pas une raison pour laquelle une victime se tait.",
                ),
            ),
        ],
    ),
    (
        SINGLE,
        ("Which of these is an indicator of trafficking?", "Lequel de ces éléments est un indicateur de traite?"),
        [
            (
                True,
                (
                    "Someone else holds the person's passport and pay",
                    "Quelqu'un d'autre garde le passeport et la paie de la personne",
                ),
                ("Correct.", "Exact."),
            ),
            (
                False,
                ("The person speaks more than one language", "La personne parle plus d'une langue"),
                ("No. That is not a sign of exploitation.", "Non. Ce n'est pas un signe d'exploitation."),
            ),
            (
                False,
                ("The person works in agriculture", "La personne travaille en agriculture"),
                ("No. A sector on its own is not a sign.", "Non. Un secteur d'activité n'est pas un signe en soi."),
            ),
        ],
    ),
    (
        SINGLE,
        (
            "A person in front of you says she is being threatened right now and cannot leave. What do you do first?",
            "Une personne devant vous dit être menacée en ce moment et ne pas pouvoir partir. Que faites-vous d'abord?",
        ),
        [
            (
                True,
                ("Call 911", "Composer le 911"),
                ("Correct: immediate danger means 911.", "Exact : un danger immédiat, c'est le 911."),
            ),
            (
                False,
                ("Send an email to your manager", "Envoyer un courriel à votre gestionnaire"),
                ("No. In immediate danger, call 911.", "Non. En cas de danger immédiat, composez le 911."),
            ),
            (
                False,
                ("Go and confront the person threatening her", "Aller confronter la personne qui la menace"),
                ("No. Never confront a suspected trafficker.", "Non. Ne confrontez jamais un trafiquant présumé."),
            ),
        ],
    ),
    (
        SINGLE,
        (
            "Which service offers free, confidential trauma counselling by phone to trafficked people?",
            "Quel service offre du counseling gratuit et confidentiel par téléphone aux personnes victimes de traite?",
        ),
        [
            (
                True,
                (
                    "Chrysalis Anti-Human Trafficking Network, 1-866-528-7109",
                    "Le Réseau anti-traite Chrysalis, 1-866-528-7109",
                ),
                ("Correct.", "Exact."),
            ),
            (False, ("A private investigator", "Un détective privé"), ("No.", "Non.")),
            (False, ("The trafficker's employer", "L'employeur du trafiquant"), ("No.", "Non.")),
        ],
    ),
]

OPEN_COURSE = {
    "slug": "human-trafficking-awareness",
    "title": ("Human trafficking: know the signs", "La traite des personnes : connaître les signes"),
    "summary": (
        "A ten-minute module for everyone: what trafficking is, signs to notice, and who to call. No account, "
        "nothing stored.",
        "Un module de dix minutes pour tout le monde : ce qu'est la traite, les signes à remarquer et qui "
        "appeler. Sans compte, rien n'est conservé.",
    ),
    "warning": (
        "This module mentions exploitation and violence.",
        "Ce module mentionne l'exploitation et la violence.",
    ),
    "audiences": ["public"],
    "estimated_minutes": 10,
    "pass_mark": 80,
    "max_attempts": 0,
    "validity_months": None,
    "is_open": True,
}

OPEN_MODULES = [
    {
        "title": ("Know the signs", "Connaître les signes"),
        "lessons": [
            (
                ("What it is", "Ce que c'est"),
                (
                    "Human trafficking means controlling a person, through threats, force or deception, in "
                    "order to exploit them: for sex, for their work, or for their organs. It happens in "
                    "Canada, in cities and in small towns, and it does not require crossing a border. Anyone "
                    "can be targeted, whatever their age, origin or gender.",
                    "La traite des personnes consiste à contrôler une personne, par des menaces, la force ou "
                    "la tromperie, pour l'exploiter : sexuellement, pour son travail ou pour ses organes. Elle "
                    "existe au Canada, dans les villes comme dans les petites localités, et n'exige pas de "
                    "franchir une frontière. Tout le monde peut être ciblé, quel que soit son âge, son origine "
                    "ou son genre.",
                ),
            ),
            (
                ("Signs and who to call", "Les signes et qui appeler"),
                (
                    "Someone may need help if another person keeps their ID or money, speaks for them, or "
                    "never lets them be alone; if they seem afraid, owe a debt that keeps growing, or are not "
                    "free to come and go.\n\n"
                    "**Do not confront** anyone. **In immediate danger, call 911.** Otherwise call the "
                    "**Canadian Human Trafficking Hotline at 1-833-900-1010**: it is confidential and open "
                    "24 hours a day.",
                    "Une personne a peut-être besoin d'aide si quelqu'un d'autre garde ses papiers ou son "
                    "argent, parle à sa place ou ne la laisse jamais seule; si elle semble avoir peur, a une "
                    "dette qui ne cesse de grandir ou n'est pas libre d'aller et venir.\n\n"
                    "**Ne confrontez** personne. **En cas de danger immédiat, composez le 911.** Sinon, "
                    "appelez la **Ligne d'urgence canadienne contre la traite des personnes au "
                    "1-833-900-1010** : elle est confidentielle et ouverte 24 heures sur 24.",
                ),
            ),
        ],
        "check": [
            MODULES[0]["check"][0],
            MODULES[3]["check"][1],
            (
                SINGLE,
                (
                    "You see signs that someone is controlled by another person. What should you do?",
                    "Vous voyez des signes qu'une personne est contrôlée par une autre. Que devez-vous faire?",
                ),
                [
                    (
                        True,
                        (
                            "Call the hotline, or 911 if someone is in immediate danger",
                            "Appeler la ligne d'urgence, ou le 911 si quelqu'un est en danger immédiat",
                        ),
                        (
                            "Yes. Trained people will know what to do safely.",
                            "Oui. Des personnes formées sauront quoi faire en sécurité.",
                        ),
                    ),
                    (
                        False,
                        ("Confront the person in control", "Confronter la personne qui contrôle"),
                        ("No. This can put the victim in danger.", "Non. Cela peut mettre la victime en danger."),
                    ),
                ],
            ),
        ],
    },
]
