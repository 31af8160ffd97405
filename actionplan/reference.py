"""Alberta's 9-point Action Plan to Combat Human Trafficking, as the Government of Alberta's page describes it.

Titles and descriptions are our own wording of that page; each status is the one the page gives ("complete" or
"work underway", shown here as "Work underway – on track"). Progress percentages, the two sub-actions' weights,
milestones and the dated history entries are demonstration data (`demo.py`) and are marked so on the site.
Loaded by `manage.py load_reference` (production runs it alone) and by `seed_demo`.
"""

import datetime as dt

from django.utils import timezone

from taskforce.models import Organization

from . import services
from .models import Plan, Status

DONE, UNDERWAY = Status.COMPLETE, Status.ON_TRACK
PLAN_START = timezone.make_aware(dt.datetime(2020, 2, 21, 9, 0))

# (number, slug, title, title_fr, description, description_fr, status, demo progress, lead, partners)
ITEMS = [
    (
        1,
        "palermo-definition",
        "Adopt the Palermo Protocol definition of human trafficking",
        "Adopter la définition de la traite des personnes du Protocole de Palerme",
        "Alberta uses the definition of human trafficking set out in the 2002 United Nations protocol on trafficking "
        "in persons (the Palermo Protocol), so that every ministry and partner works from the same meaning.",
        "L'Alberta utilise la définition de la traite des personnes du protocole des Nations Unies de 2002 sur la "
        "traite des personnes (Protocole de Palerme), afin que chaque ministère et partenaire parte du même sens.",
        DONE,
        100,
        "alberta-justice",
        ["public-safety-canada"],
    ),
    (
        2,
        "task-force",
        "Create a provincial Human Trafficking Task Force",
        "Créer un groupe de travail provincial sur la traite des personnes",
        "A standing task force brings together ministries, agencies, police services and community groups to share "
        "information and coordinate their work.",
        "Un groupe de travail permanent réunit ministères, organismes, services de police et groupes communautaires "
        "pour échanger de l'information et coordonner leur travail.",
        DONE,
        100,
        "alberta-justice",
        ["alberta-labour", "act-alberta"],
    ),
    (
        3,
        "public-education",
        "Educate the public and promote the national hotline",
        "Sensibiliser le public et faire connaître la ligne d'urgence nationale",
        "Step up public education, above all for groups at higher risk, about what human trafficking looks like, "
        "and encourage people to report tips to the Canadian Human Trafficking Hotline.",
        "Intensifier la sensibilisation du public, surtout auprès des groupes plus à risque, à ce qu'est la traite "
        "des personnes, et inviter la population à signaler ses renseignements à la Ligne d'urgence canadienne "
        "contre la traite des personnes.",
        UNDERWAY,
        60,
        "alberta-justice",
        ["act-alberta", "cceht"],
    ),
    (
        4,
        "training",
        "Train judges, prosecutors and first responders",
        "Former juges, procureurs et premiers intervenants",
        "Make sure judges, prosecutors and first responders, including police officers, nurses and doctors, receive "
        "suitable training to recognize and respond to human trafficking.",
        "Veiller à ce que les juges, les procureurs et les premiers intervenants, y compris policiers, infirmières "
        "et médecins, reçoivent une formation adaptée pour reconnaître la traite et y répondre.",
        UNDERWAY,
        0,
        "alberta-justice",
        ["act-alberta", "chrysalis"],
    ),
    (
        5,
        "temporary-foreign-workers",
        "Inform temporary foreign workers of their rights",
        "Informer les travailleurs étrangers temporaires de leurs droits",
        "The Ministry of Labour gives temporary foreign workers in Alberta information about the rights Canadian "
        "law gives them.",
        "Le ministère du Travail informe les travailleurs étrangers temporaires en Alberta des droits que leur "
        "reconnaît la loi canadienne.",
        UNDERWAY,
        50,
        "alberta-labour",
        ["ccr"],
    ),
    (
        6,
        "data-and-coordination",
        "Collect and share better data, and coordinate nationally",
        "Recueillir et partager de meilleures données, et se coordonner à l'échelle nationale",
        "Work with community groups, the other provinces and the federal government to gather and share better "
        "information on human trafficking, and act in step with the National Action Plan to Combat Human "
        "Trafficking.",
        "Travailler avec les groupes communautaires, les autres provinces et le gouvernement fédéral pour recueillir "
        "et partager de meilleures données sur la traite, et agir de concert avec le Plan d'action national de lutte "
        "contre la traite des personnes.",
        UNDERWAY,
        40,
        "alberta-justice",
        ["public-safety-canada", "cceht", "klinic"],
    ),
    (
        7,
        "name-businesses",
        "Publish the names of businesses that knowingly helped traffickers",
        "Publier le nom des entreprises qui ont sciemment aidé des trafiquants",
        "Make public the names of businesses found to have knowingly made human trafficking easier.",
        "Rendre public le nom des entreprises dont on a établi qu'elles ont sciemment facilité la traite des "
        "personnes.",
        UNDERWAY,
        30,
        "alberta-justice",
        ["alberta-labour"],
    ),
    (
        8,
        "federal-penalties",
        "Press Ottawa to bring Bill C-452 into force",
        "Presser Ottawa de mettre en vigueur le projet de loi C-452",
        "Ask the federal government to strengthen penalties for traffickers by bringing Bill C-452 into force.",
        "Demander au gouvernement fédéral de durcir les peines des trafiquants en mettant en vigueur le projet de "
        "loi C-452.",
        UNDERWAY,
        25,
        "alberta-justice",
        ["public-safety-canada"],
    ),
    (
        9,
        "survivor-legislation",
        "Legislate protection orders, a civil remedy and an awareness day",
        "Légiférer sur les ordonnances de protection, un recours civil et une journée de sensibilisation",
        "Pass a law that sets up restraining orders and a right to sue traffickers, and proclaims a Human "
        "Trafficking Awareness Day.",
        "Adopter une loi qui prévoit des ordonnances de protection et le droit de poursuivre les trafiquants au "
        "civil, et qui proclame une Journée de sensibilisation à la traite des personnes.",
        DONE,
        100,
        "alberta-justice",
        ["act-alberta"],
    ),
]

# Sub-actions of item 4 (training), drawn from the page's training section. Weights are demonstration data.
SUB_ITEMS = [
    (
        1,
        "training-e-learning",
        "Free e-learning for ministry staff and victim-serving organizations",
        "Formation en ligne gratuite pour le personnel des ministères et les organismes d'aide aux victimes",
        "Free online courses for Alberta Justice staff, staff of the other ministries involved, and victim-serving "
        "organizations across the province.",
        "Cours en ligne gratuits pour le personnel de Justice Alberta, celui des autres ministères concernés et les "
        "organismes d'aide aux victimes de toute la province.",
        UNDERWAY,
        70,
        2,
        "alberta-justice",
        ["act-alberta"],
    ),
    (
        2,
        "training-courts-front-line",
        "Training for judges, prosecutors and other front-line workers",
        "Formation des juges, des procureurs et d'autres intervenants de première ligne",
        "Training built for judges, prosecutors and other front-line groups.",
        "Formation conçue pour les juges, les procureurs et d'autres groupes de première ligne.",
        UNDERWAY,
        20,
        1,
        "alberta-justice",
        ["chrysalis"],
    ),
]


def _orgs() -> dict[str, Organization]:
    return {org.slug: org for org in Organization.objects.all()}


def _item_upsert(plan: Plan, orgs: dict, row: tuple, *, parent=None, weight: int | None = None):
    """One row of ITEMS (or of SUB_ITEMS, without its weight) into the plan."""
    number, slug, title, title_fr, desc, desc_fr, status, progress, lead, partners = row
    defaults = {
        "title": title,
        "title_fr": title_fr,
        "description": desc,
        "description_fr": desc_fr,
        "created_at": PLAN_START,
    }
    if weight is not None:
        defaults["weight"] = weight
    return services.item_upsert(
        plan=plan,
        number=number,
        slug=slug,
        lead=orgs[lead],
        partners=[orgs[p] for p in partners],
        parent=parent,
        defaults=defaults,
        initial_status=status,
        initial_progress=progress,
    )


def load() -> None:
    orgs = _orgs()
    plan_fields = {
        "title": "Alberta's 9-point Action Plan to Combat Human Trafficking",
        "title_fr": "Plan d'action en 9 points de l'Alberta pour lutter contre la traite des personnes",
        "summary": "Ten Alberta ministries share the work of this plan to protect people at risk, support "
        "survivors and hold traffickers to account.",
        "summary_fr": "Dix ministères de l'Alberta se partagent ce plan pour protéger les personnes à risque, "
        "soutenir les survivants et demander des comptes aux trafiquants.",
        "note": "Statuses come from the Government of Alberta's page on the plan. Progress percentages, "
        "milestones and dated history entries are demonstration data (fictional).",
        "note_fr": "Les états viennent de la page du gouvernement de l'Alberta sur le plan. Les pourcentages, "
        "les jalons et les entrées datées de l'historique sont des données de démonstration "
        "(fictives).",
        "is_current": True,
    }
    plan, _ = Plan.objects.update_or_create(
        slug="alberta-9-point-plan", defaults=plan_fields, create_defaults={**plan_fields, "created_at": PLAN_START}
    )
    items = {row[0]: _item_upsert(plan, orgs, row) for row in ITEMS}
    for *row, weight, lead, partners in SUB_ITEMS:
        _item_upsert(plan, orgs, (*row, lead, partners), parent=items[4], weight=weight)
