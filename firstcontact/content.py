"""The first version of the assessment's questions and guidance, and the first know-your-rights pages.

Written by the team in its own words from public indicator lists. Loaded by `services.content_load()`
(called from `demo.seed`); administrators edit later versions in the admin.
"""

SRC_CCR = (
    "Canadian Council for Refugees, National Human Trafficking Assessment Tool (2015): preliminary and full "
    "assessment for first-contact service providers (described in CCR Trafficking Bulletin No. 21, Nov. 2015)."
)
SRC_CANADA = (
    "Government of Canada / Public Safety Canada public material on human trafficking: definition (recruiting, "
    "moving, holding or controlling a person to exploit them) and why victims may not come forward (fear, threats, "
    "manipulation, shame, language barriers, mistrust of authorities)."
)
SRC_CODE = (
    "Criminal Code of Canada, ss. 279.01-279.04 (trafficking in persons, including persons under 18; withholding "
    "or destroying travel or identity documents)."
)
SRC_ALBERTA = "Government of Alberta, 9-point Action Plan to Combat Human Trafficking (forms of trafficking)."
SRC_TFW = "Government of Canada public guidance for temporary foreign workers (employer obligations, worker rights)."

# (key, area, weight, points_to, signal, text_en, text_fr, help_en, help_fr, sources)
QUESTIONS = [
    (
        "pre-danger",
        "preliminary",
        5,
        "",
        "danger",
        "Is the person, or someone close to them, in danger right now?",
        "La personne, ou quelqu'un de proche, est-elle en danger en ce moment?",
        "For example, someone is waiting outside to take them back, or they fear being hurt today.",
        "Par exemple, quelqu'un attend dehors pour la ramener, ou elle craint d'être blessée aujourd'hui.",
        [SRC_CCR, SRC_ALBERTA],
    ),
    (
        "pre-control",
        "preliminary",
        2,
        "",
        "",
        "Does someone else decide where the person lives, works or goes?",
        "Quelqu'un d'autre décide-t-il où la personne vit, travaille ou va?",
        "",
        "",
        [SRC_CCR, SRC_CANADA],
    ),
    (
        "pre-documents",
        "preliminary",
        2,
        "",
        "",
        "Does someone else keep the person's passport, identity card or work permit?",
        "Quelqu'un d'autre garde-t-il le passeport, la carte d'identité ou le permis de travail de la personne?",
        "",
        "",
        [SRC_CCR, SRC_CODE],
    ),
    (
        "pre-forced",
        "preliminary",
        2,
        "",
        "",
        "Is the person made to work, or to do sexual acts, that they cannot refuse?",
        "La personne est-elle obligée de travailler, ou de faire des actes sexuels, sans pouvoir refuser?",
        "",
        "",
        [SRC_CCR, SRC_ALBERTA],
    ),
    (
        "pre-fear",
        "preliminary",
        2,
        "",
        "",
        "Does the person owe a debt they cannot pay off, or fear what happens if they leave?",
        "La personne a-t-elle une dette qu'elle ne peut pas rembourser, ou a-t-elle peur de ce qui arrivera si elle part?",
        "",
        "",
        [SRC_CCR, SRC_CANADA],
    ),
    (
        "pre-age",
        "preliminary",
        1,
        "",
        "minor",
        "Could the person be under 18?",
        "La personne pourrait-elle avoir moins de 18 ans?",
        "If you are not sure, answer Not sure: the guidance will treat the person as a possible minor.",
        "Si vous n'êtes pas certain, répondez « Je ne sais pas » : les conseils traiteront la personne comme une "
        "mineure possible.",
        [SRC_CODE],
    ),
    # Recruitment and deception
    (
        "rec-promise",
        "recruitment",
        2,
        "labour",
        "",
        "Was the person promised a job, pay, studies or immigration status that turned out to be different?",
        "A-t-on promis à la personne un emploi, un salaire, des études ou un statut qui se sont révélés différents?",
        "",
        "",
        [SRC_CCR, SRC_TFW],
    ),
    (
        "rec-fee",
        "recruitment",
        1,
        "labour",
        "",
        "Did the person pay a recruiter or agent a large fee to get the job or to travel?",
        "La personne a-t-elle payé des frais importants à un recruteur ou à un agent pour obtenir l'emploi ou voyager?",
        "",
        "",
        [SRC_TFW, SRC_CCR],
    ),
    (
        "rec-partner",
        "recruitment",
        2,
        "sex",
        "",
        "Did a partner or new friend who seemed caring later push the person into selling sex?",
        "Un partenaire ou un nouvel ami qui semblait attentionné a-t-il ensuite poussé la personne à vendre des "
        "services sexuels?",
        "",
        "",
        [SRC_CANADA, SRC_CCR],
    ),
    # Control of documents and money
    (
        "doc-held",
        "documents_money",
        3,
        "",
        "",
        "Does an employer, partner or anyone else hold the person's identity or immigration papers?",
        "Un employeur, un partenaire ou une autre personne détient-il les papiers d'identité ou d'immigration de la "
        "personne?",
        "",
        "",
        [SRC_CODE, SRC_TFW],
    ),
    (
        "money-taken",
        "documents_money",
        2,
        "",
        "",
        "Does someone else take or control the money the person earns?",
        "Quelqu'un d'autre prend-il ou contrôle-t-il l'argent que la personne gagne?",
        "",
        "",
        [SRC_CCR, SRC_CANADA],
    ),
    (
        "money-unpaid",
        "documents_money",
        2,
        "labour",
        "",
        "Is the person paid nothing, or much less than was agreed?",
        "La personne n'est-elle pas payée, ou beaucoup moins que ce qui était convenu?",
        "",
        "",
        [SRC_TFW, SRC_CCR],
    ),
    # Movement and communication
    (
        "move-confined",
        "movement",
        3,
        "",
        "",
        "Is the person kept from leaving their workplace or home, or only let out with someone watching?",
        "Empêche-t-on la personne de quitter son lieu de travail ou son logement, ou ne sort-elle que sous "
        "surveillance?",
        "",
        "",
        [SRC_CCR, SRC_CANADA],
    ),
    (
        "move-phone",
        "movement",
        2,
        "",
        "",
        "Does someone take the person's phone, read their messages, or speak for them?",
        "Quelqu'un prend-il le téléphone de la personne, lit-il ses messages ou parle-t-il à sa place?",
        "",
        "",
        [SRC_CCR],
    ),
    (
        "move-moved",
        "movement",
        2,
        "sex",
        "",
        "Is the person moved often between cities, hotels or work sites?",
        "La personne est-elle souvent déplacée d'une ville, d'un hôtel ou d'un chantier à l'autre?",
        "",
        "",
        [SRC_CANADA, SRC_CCR],
    ),
    # Work or sexual exploitation
    (
        "exp-sex",
        "exploitation",
        3,
        "sex",
        "",
        "Is the person made to sell sex or do sexual acts so that someone else profits?",
        "La personne est-elle obligée de vendre des services sexuels ou de faire des actes sexuels au profit de "
        "quelqu'un d'autre?",
        "",
        "",
        [SRC_ALBERTA, SRC_CODE],
    ),
    (
        "exp-hours",
        "exploitation",
        2,
        "labour",
        "",
        "Does the person work very long hours, without days off, or in unsafe conditions?",
        "La personne travaille-t-elle de très longues heures, sans jour de congé, ou dans des conditions dangereuses?",
        "",
        "",
        [SRC_TFW, SRC_CCR],
    ),
    (
        "exp-organ",
        "exploitation",
        3,
        "organs",
        "",
        "Has anyone pressured the person to give up an organ or tissue?",
        "Quelqu'un a-t-il fait pression sur la personne pour qu'elle cède un organe ou un tissu?",
        "",
        "",
        [SRC_ALBERTA],
    ),
    # Threats and violence
    (
        "thr-harm",
        "threats",
        3,
        "",
        "",
        "Has the person been hurt or threatened with harm, or has their family been threatened?",
        "La personne a-t-elle été blessée ou menacée, ou sa famille a-t-elle été menacée?",
        "",
        "",
        [SRC_ALBERTA, SRC_CANADA],
    ),
    (
        "thr-report",
        "threats",
        2,
        "labour",
        "",
        "Has the person been told that police or immigration will punish or deport them if they complain?",
        "A-t-on dit à la personne que la police ou l'immigration la punirait ou l'expulserait si elle se plaignait?",
        "",
        "",
        [SRC_CANADA, SRC_TFW],
    ),
    (
        "thr-coached",
        "threats",
        1,
        "",
        "",
        "Does the person seem afraid, or seem to repeat answers someone told them to give?",
        "La personne semble-t-elle avoir peur, ou répéter des réponses qu'on lui a dictées?",
        "",
        "",
        [SRC_CANADA],
    ),
    # Debt
    (
        "debt-growing",
        "debt",
        2,
        "",
        "",
        "Does the person owe money for travel, housing, food or fees, and does that debt keep growing?",
        "La personne doit-elle de l'argent pour le voyage, le logement, la nourriture ou des frais, et cette dette "
        "augmente-t-elle sans cesse?",
        "",
        "",
        [SRC_CCR, SRC_TFW],
    ),
    (
        "debt-bound",
        "debt",
        3,
        "",
        "",
        "Is the person told they cannot leave until the debt is paid?",
        "Dit-on à la personne qu'elle ne peut pas partir tant que la dette n'est pas payée?",
        "",
        "",
        [SRC_CCR],
    ),
    # Living conditions
    (
        "liv-controlled",
        "living",
        1,
        "labour",
        "",
        "Does the person live where they work, or in housing controlled by the employer or someone else?",
        "La personne vit-elle sur son lieu de travail, ou dans un logement contrôlé par l'employeur ou quelqu'un "
        "d'autre?",
        "",
        "",
        [SRC_TFW, SRC_CCR],
    ),
    (
        "liv-poor",
        "living",
        2,
        "",
        "",
        "Is the housing crowded or unsafe, or is the person short of food, sleep or health care?",
        "Le logement est-il surpeuplé ou dangereux, ou la personne manque-t-elle de nourriture, de sommeil ou de "
        "soins?",
        "",
        "",
        [SRC_CCR],
    ),
    # Age
    (
        "age-minor",
        "age",
        2,
        "",
        "minor",
        "Is the person under 18, or might they be?",
        "La personne a-t-elle moins de 18 ans, ou pourrait-elle les avoir?",
        "",
        "",
        [SRC_CODE],
    ),
    (
        "age-adult",
        "age",
        2,
        "",
        "",
        "Does an adult who is not their parent or guardian control where the person stays?",
        "Un adulte qui n'est ni son parent ni son tuteur contrôle-t-il l'endroit où la personne demeure?",
        "",
        "",
        [SRC_CCR, SRC_CODE],
    ),
]

# (topic, level, heading_en, heading_fr, body_en, body_fr)
GUIDANCE = [
    (
        "suggests",
        "low",
        "Few signs of trafficking in these answers",
        "Peu de signes de traite dans ces réponses",
        "The answers show few of the usual signs of trafficking. That is not proof that the person is safe: "
        "people often share more once they trust you.\n\n"
        "- Stay in touch and offer the hotline number in case things change.\n"
        "- If the person has problems at work, the know-your-rights pages explain where to get help.",
        "Les réponses montrent peu des signes habituels de la traite. Ce n'est pas la preuve que la personne est "
        "en sécurité : on en dit souvent davantage une fois la confiance établie.\n\n"
        "- Gardez le contact et donnez le numéro de la ligne d'urgence au cas où la situation changerait.\n"
        "- Si la personne a des problèmes au travail, les pages « Connaître vos droits » indiquent où obtenir de "
        "l'aide.",
    ),
    (
        "suggests",
        "some",
        "Some signs of exploitation",
        "Certains signes d'exploitation",
        "Several answers point to control or exploitation. This is not a finding that the person is trafficked, "
        "but it is enough to talk to a specialist.\n\n"
        "- Call the hotline below for advice; you can describe the situation without naming anyone.\n"
        "- With the person's agreement, make a referral.",
        "Plusieurs réponses indiquent du contrôle ou de l'exploitation. Cela ne permet pas de conclure que la "
        "personne est victime de traite, mais c'est suffisant pour consulter un spécialiste.\n\n"
        "- Appelez la ligne ci-dessous pour obtenir des conseils; vous pouvez décrire la situation sans nommer "
        "personne.\n"
        "- Avec l'accord de la personne, faites un signalement.",
    ),
    (
        "suggests",
        "strong",
        "Strong signs of trafficking",
        "Signes importants de traite",
        "Many answers match known signs of trafficking: control, threats, debt or exploitation. Only police and "
        "the courts decide whether a crime happened, but the person likely needs specialised help now.\n\n"
        "- Call the hotline below today.\n"
        "- With the person's agreement, make a referral so that a trained team can follow up.",
        "De nombreuses réponses correspondent à des signes connus de traite : contrôle, menaces, dette ou "
        "exploitation. Seuls la police et les tribunaux décident s'il y a eu crime, mais la personne a "
        "probablement besoin d'une aide spécialisée dès maintenant.\n\n"
        "- Appelez la ligne ci-dessous aujourd'hui.\n"
        "- Avec l'accord de la personne, faites un signalement pour qu'une équipe formée assure le suivi.",
    ),
    (
        "danger",
        "",
        "Immediate danger: call 911 first",
        "Danger immédiat : composez d'abord le 911",
        "If anyone is in danger right now, call 911 before doing anything else. Stay with the person if it is safe "
        "to do so, and do not confront anyone you think is controlling them.",
        "Si quelqu'un est en danger en ce moment, composez le 911 avant toute autre chose. Restez avec la personne "
        "si vous pouvez le faire sans risque, et n'affrontez pas la personne que vous soupçonnez de la contrôler.",
    ),
    (
        "minor",
        "",
        "The person may be under 18",
        "La personne a peut-être moins de 18 ans",
        "Treat the person as a child until you know otherwise. Anyone under 18 who is being exploited is a child "
        "in need of protection.\n\n"
        "- Contact child protection services or the police; in most provinces and territories, anyone who "
        "believes a child needs protection must report it.\n"
        "- Do not ask the child to repeat their story several times; let specialised interviewers do that.",
        "Traitez la personne comme un enfant jusqu'à preuve du contraire. Toute personne de moins de 18 ans qui est "
        "exploitée est un enfant ayant besoin de protection.\n\n"
        "- Communiquez avec les services de protection de l'enfance ou la police; dans la plupart des provinces et "
        "territoires, toute personne qui croit qu'un enfant a besoin de protection doit le signaler.\n"
        "- Ne demandez pas à l'enfant de répéter son histoire plusieurs fois; laissez des intervenants spécialisés "
        "s'en charger.",
    ),
    (
        "talk",
        "",
        "How to talk with the person safely",
        "Comment parler à la personne en sécurité",
        "- Speak with the person alone, somewhere private, away from anyone who came with them.\n"
        "- Use a professional interpreter, never a companion, relative or employer.\n"
        "- Use simple words, let the person set the pace, and accept that they may not want to answer.\n"
        "- Explain what you will do with what they tell you, and the limits of confidentiality.\n"
        "- Many people do not come forward because of fear, threats, shame or mistrust of authorities: listen "
        "without judging.",
        "- Parlez à la personne seule, dans un endroit privé, loin de quiconque l'accompagne.\n"
        "- Faites appel à un interprète professionnel, jamais à un accompagnateur, un proche ou l'employeur.\n"
        "- Employez des mots simples, laissez la personne choisir le rythme et acceptez qu'elle ne veuille pas "
        "répondre.\n"
        "- Expliquez ce que vous ferez de ce qu'elle vous confie, et les limites de la confidentialité.\n"
        "- Beaucoup de personnes ne demandent pas d'aide par peur, à cause de menaces, de la honte ou de la "
        "méfiance envers les autorités : écoutez sans juger.",
    ),
    (
        "avoid",
        "",
        "What not to do",
        "Ce qu'il ne faut pas faire",
        "- Do not confront or contact the person you suspect, the employer or the person's family.\n"
        "- Do not investigate on your own or take photos.\n"
        "- Do not push the person to leave or to talk to police before they are ready.\n"
        "- Do not promise outcomes you cannot guarantee, such as immigration status.",
        "- N'affrontez pas la personne soupçonnée, l'employeur ou la famille de la personne, et ne communiquez pas "
        "avec eux.\n"
        "- Ne menez pas d'enquête vous-même et ne prenez pas de photos.\n"
        "- Ne poussez pas la personne à partir ou à parler à la police avant qu'elle soit prête.\n"
        "- Ne promettez pas ce que vous ne pouvez pas garantir, comme un statut d'immigration.",
    ),
    (
        "next",
        "",
        "Next steps",
        "Prochaines étapes",
        "- Write down what you saw and heard, in facts, and keep it safe.\n"
        "- Ask the person whether they agree to a referral; respect their answer.\n"
        "- A person without permanent status may be able to get a temporary resident permit for victims of "
        "trafficking; a hotline or legal clinic can explain the options.",
        "- Notez ce que vous avez vu et entendu, en vous en tenant aux faits, et gardez ces notes en lieu sûr.\n"
        "- Demandez à la personne si elle accepte un signalement; respectez sa réponse.\n"
        "- Une personne sans statut permanent peut parfois obtenir un permis de séjour temporaire pour victimes de "
        "traite; une ligne d'aide ou une clinique juridique peut expliquer les options.",
    ),
]

RIGHTS_PAGES = {
    "rights-at-work": {
        "order": 1,
        "en": (
            "Your rights at work",
            "Plain-language rights for temporary foreign workers and everyone working in Canada.",
            "Everyone who works in Canada has rights at work, whatever their immigration status, language or "
            "type of work permit. These rights come from employment standards and workplace safety laws.\n\n"
            "## Pay and hours\n\n"
            "- You must be paid for all the hours you work, at least the minimum wage of your province.\n"
            "- You must get a pay statement that shows your hours, your pay and what was taken off.\n"
            "- Rules on overtime, breaks, rest days and holidays apply to you.\n\n"
            "## Your documents belong to you\n\n"
            "- Your employer may not keep your passport, your work permit or other identity papers.\n"
            "- No one may charge you a fee to hire you or make you pay back the cost of recruiting you.\n\n"
            "## Safety and health\n\n"
            "- You have the right to a safe workplace and to refuse work that is dangerous.\n"
            "- If you are hurt at work, you can claim workers' compensation.\n\n"
            "## Speaking up\n\n"
            "- Your employer may not punish you for asking about your rights or making a complaint.\n"
            "- If you hold a work permit tied to one employer and you are being abused, you may be able to get "
            "an open work permit for vulnerable workers so you can change employers.\n\n"
            "This page gives general information, not legal advice. The hotlines below can help you find out "
            "what applies to you.",
        ),
        "fr": (
            "Vos droits au travail",
            "Les droits des travailleurs étrangers temporaires et de toute personne qui travaille au Canada, en "
            "langage clair.",
            "Toute personne qui travaille au Canada a des droits au travail, quels que soient son statut "
            "d'immigration, sa langue ou son type de permis de travail. Ces droits viennent des normes d'emploi "
            "et des lois sur la santé et la sécurité au travail.\n\n"
            "## Salaire et heures\n\n"
            "- Vous devez être payé pour toutes les heures travaillées, au moins au salaire minimum de votre "
            "province.\n"
            "- Vous devez recevoir un relevé de paie indiquant vos heures, votre salaire et les retenues.\n"
            "- Les règles sur les heures supplémentaires, les pauses, les jours de repos et les congés "
            "s'appliquent à vous.\n\n"
            "## Vos documents vous appartiennent\n\n"
            "- Votre employeur ne peut pas garder votre passeport, votre permis de travail ni vos autres pièces "
            "d'identité.\n"
            "- Personne ne peut vous faire payer pour vous embaucher ni vous faire rembourser les frais de votre "
            "recrutement.\n\n"
            "## Santé et sécurité\n\n"
            "- Vous avez droit à un lieu de travail sécuritaire et pouvez refuser un travail dangereux.\n"
            "- Si vous êtes blessé au travail, vous pouvez demander une indemnisation.\n\n"
            "## Faire valoir vos droits\n\n"
            "- Votre employeur ne peut pas vous punir parce que vous posez des questions sur vos droits ou "
            "déposez une plainte.\n"
            "- Si votre permis de travail est lié à un seul employeur et que vous subissez de la violence, vous "
            "pourriez obtenir un permis de travail ouvert pour travailleurs vulnérables afin de changer "
            "d'employeur.\n\n"
            "Cette page donne de l'information générale, et non des conseils juridiques. Les lignes d'aide "
            "ci-dessous peuvent vous aider à savoir ce qui s'applique à vous.",
        ),
    },
    "signs-of-exploitation": {
        "order": 2,
        "en": (
            "Signs of labour exploitation",
            "Warning signs that a job has become exploitation or forced labour.",
            "Exploitation can start with a job offer that sounds good. Watch for these signs, for yourself or "
            "for a co-worker:\n\n"
            "- The job, pay or housing is very different from what you were promised.\n"
            "- Someone keeps your passport, work permit or bank card.\n"
            "- You are paid much less than agreed, late, or not at all.\n"
            "- You owe a debt for travel, housing or fees that keeps growing.\n"
            "- You cannot leave the workplace or the housing freely, or someone watches your calls.\n"
            "- You are threatened with harm, with the police, or with being sent home if you complain.\n\n"
            "Forcing someone to work through threats, violence, debt or control of their papers is a crime in "
            "Canada. You are not to blame, and help is available.",
        ),
        "fr": (
            "Signes d'exploitation au travail",
            "Les signes qu'un emploi est devenu de l'exploitation ou du travail forcé.",
            "L'exploitation peut commencer par une offre d'emploi alléchante. Soyez attentif à ces signes, pour "
            "vous ou pour un collègue :\n\n"
            "- L'emploi, le salaire ou le logement sont très différents de ce qu'on vous avait promis.\n"
            "- Quelqu'un garde votre passeport, votre permis de travail ou votre carte bancaire.\n"
            "- Vous êtes payé beaucoup moins que prévu, en retard ou pas du tout.\n"
            "- Vous avez une dette de voyage, de logement ou de frais qui ne cesse d'augmenter.\n"
            "- Vous ne pouvez pas quitter librement le lieu de travail ou le logement, ou quelqu'un surveille "
            "vos appels.\n"
            "- On vous menace de violence, de la police ou d'un renvoi dans votre pays si vous vous plaignez.\n\n"
            "Forcer quelqu'un à travailler par des menaces, de la violence, une dette ou le contrôle de ses "
            "papiers est un crime au Canada. Ce n'est pas votre faute, et de l'aide existe.",
        ),
    },
    "getting-help": {
        "order": 3,
        "en": (
            "Asking for help is confidential",
            "Who you can call, and what happens when you do.",
            "You can ask for help without giving your name. Hotline staff keep what you say confidential and "
            "will not contact your employer. They can talk with you in many languages.\n\n"
            "- In immediate danger, call 911.\n"
            "- Otherwise, call a hotline below. They can explain your options, help you stay safe, and connect "
            "you with shelter, legal help or health care.\n"
            "- You decide what happens next. Asking questions does not oblige you to report to the police.\n\n"
            "The Government of Alberta has committed, in its action plan against human trafficking, to inform "
            "temporary foreign workers of their rights under Canadian law. These pages are part of that work.",
        ),
        "fr": (
            "Demander de l'aide est confidentiel",
            "Qui appeler, et ce qui se passe quand vous appelez.",
            "Vous pouvez demander de l'aide sans donner votre nom. Le personnel des lignes d'aide garde "
            "confidentiel ce que vous dites et ne communiquera pas avec votre employeur. Il peut vous parler dans "
            "de nombreuses langues.\n\n"
            "- En cas de danger immédiat, composez le 911.\n"
            "- Sinon, appelez une ligne d'aide ci-dessous. Elle peut expliquer vos options, vous aider à rester "
            "en sécurité et vous mettre en contact avec un refuge, une aide juridique ou des soins.\n"
            "- C'est vous qui décidez de la suite. Poser des questions ne vous oblige pas à porter plainte à la "
            "police.\n\n"
            "Dans son plan d'action contre la traite des personnes, le gouvernement de l'Alberta s'est engagé à "
            "informer les travailleurs étrangers temporaires de leurs droits en vertu des lois canadiennes. Ces "
            "pages font partie de ce travail.",
        ),
    },
}
