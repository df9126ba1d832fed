"""Word lists shared by the guard and retrieval: fixed language knowledge, not content.

The owner edits the wasteful-prompt terms in the admin (``WastefulTerm``);
what lives here is grammar and domain vocabulary that does not change with
the portfolio: function words in the languages we expect, words that make a
short message a real question about a cloud engineer's portfolio, synonyms
for retrieval, and the shapes of keyboard mash.
"""

# Function words (EN, ES, FR, DE, PT, IT, NL): they carry no topic on their own.
STOPWORDS = frozenset(
    """
    a an the and or but if then so of to in on at by for with from about into over
    is are was were be been being am do does did doing have has had having will would
    shall should can could may might must i me my mine we us our you your yours it its
    this that these those there here what which who whom whose how why when where
    whats hows whos wheres thats theres its im youre ive id ill not no yes very
    just also too any some all more most much many such only own same than as up out
    tell show give list explain describe know let please pls plz share say talk
    any anything something everything thing things one ones kind sort bit lot
    el la los las un una unos unas y o de del al en con por para sobre que qué
    es son está están ser estar ha han hay tiene tienen tu su sus mi mis yo me te
    se lo le les como cómo cual cuál cuales cuáles donde dónde cuando cuándo quien
    quién cuanto cuanta cuantos cuantas puede puedes podria dime cuentame cuéntame
    le la les un une des du de et ou en au aux avec pour sur par dans est sont a ont
    quel quelle quels quelles comment où quand qui quoi ce cet cette ces mon ma mes
    ton ta tes son sa ses je tu nous vous peut peux pouvez dis dites estce
    der die das den dem des ein eine einen einem einer und oder mit für von zu im am
    ist sind hat haben war waren was wer wie wo wann welche welcher welches warum
    kann können kannst mir mich dir du ich sie es auf aus bei nach über
    o os um uma uns umas e ou do da dos das no na nos nas com por para sobre tem têm
    qual quais quando onde quem quanto quantos pode podes me diga fale conte
    il lo gli che chi cosa con per su è sono ha hanno
    de het een en van voor met op is zijn heeft wat welke hoe waar wie
    """.split()  # noqa: SIM905
)

# Greetings and filler that open a real question ("Hi! Does Jordan know Terraform?",
# "ok so what does he do?"): the single words of the guard's seeded greeting and
# filler lists (eve/migrations/0003). They never name a topic.
GREETINGS = frozenset(
    """
    hi hey hello helo hallo hullo hiya heya howdy yo sup wassup whassup whatsup
    greetings salutations howzit aloha hola buenas buenos dias tardes noches bonjour
    bonsoir salut coucou allo servus moin gruss gott gruezi guten tag morgen abend
    ola oi bom dia boa tarde noite tudo bem ciao buongiorno buonasera salve hoi hej hei
    ok okay okey oki alright cool thanks thx cheers gracias merci danke obrigado
    obrigada grazie hmm um uh erm well
    """.split()  # noqa: SIM905
)

# Words that point at the owner: "What does he do?" is a real question.
OWNER_PRONOUNS = frozenset(
    """
    dela dele el ela ele ella elle er haar he her hers hij him his ihm ihn ihr ihre il
    lei lui sein seine she their them they zij zijn él
    """.split()  # noqa: SIM905
)

# Domain words that make even a very short message a real portfolio question
# ("CV?", "K8s?", "Salary?"), whatever the owner's content says.
BUILTIN_TOPICS = frozenset(
    """
    about achievement achievements actions age agile ai amazon analytics angular ansible
    api apis architect architecture argo argocd automated automation autoscaling
    availability available award awards aws azure backend background backup backups
    badge badges balancer balancing based bash bedrock bio budget c career case cd cdk
    cdn cert certificación certificado certificados certificat certificate certificates
    certification certifications certificats certified certs chef ci cicd citizen
    citizenship cloud cloudformation cloudfront clouds cloudwatch code college
    communication compensation compliance compétences consul contact contacto container
    containerd containers contract cost course courses cpp credential credentials csharp
    curriculum cv data database databases datadog ddos degree demo demos design designs
    devops devsecops disaster django dns docker dotnet dr dynamodb ec2 ecs education eks
    elasticsearch email english erfahrung estudios etl event events exam exams
    experience experiencia experiência expérience fargate fastapi fee fees filter
    filtering finops firewall flask flux framework frameworks freelance french frontend
    fullstack fulltime fähigkeiten gateway gcp gdpr gehalt genai german github gitlab
    gitops go goal goals golang google grafana ha habilidades helm hipaa hire hireable
    hiring hobbies hobby http https hybrid iac iam infra infrastructure integration
    interests iso java javascript jenkins job jobs junior k8s kafka kube kubernetes
    lambda language languages latency lead leadership learning linkedin linux live llm
    load location logging mail management manager mentoring metrics microservice
    microservices migration migrations ml mlops mobile mongodb monitoring multicloud
    mysql nationality network networking node nomad nosql notice observability office
    old onsite ops optimisation optimization packer parttime pay pci performance permit
    phone php pipeline pipelines plan plans platform podman portfolio portuguese
    position postgres postgresql price pricing profile project projects projekt projekte
    projet projeto projetos projets prometheus proyecto proyectos pulumi puppet python
    qa qualification qualifications queue queues rate rates rds react recovery redis
    relocate relocation remote remoto repo repos repositories repository resume resumé
    role roles ruby rust s3 sagemaker salaire salario salary salário sam scaling school
    scrum secops secure security senior serverless ses shell skill skills smtp sns soc2
    spam spanish spark speak speaks splunk sql sqs sre ssl stack studied study team
    teams tech technologies technology terraform testing tests tf timezone tls tool
    tooling tools trabajo tracing training trust typescript télétravail unit university
    unix vault visa vpc vpn vue waf web website work worked working years zero
    zertifikat zertifikate
    saa sap dva soa cka ckad cks ccp kcna sso mfa rag sla
    """.split()  # noqa: SIM905
)

# Retrieval synonyms: the question's word on the left is also searched as the right.
SYNONYMS = {
    "k8s": ("kubernetes",),
    "kube": ("kubernetes",),
    "eks": ("kubernetes",),
    "aks": ("kubernetes", "azure"),
    "gke": ("kubernetes",),
    "cert": ("certificate",),
    "certs": ("certificate",),
    "certif": ("certificate",),
    "certified": ("certificate",),
    "certification": ("certificate",),
    "credential": ("certificate",),
    "badge": ("certificate",),
    "cv": ("resume",),
    "resumé": ("resume",),
    "tf": ("terraform",),
    "iac": ("terraform", "infrastructure"),
    "cicd": ("ci", "cd", "pipeline"),
    "gha": ("github", "actions"),
    "amazon": ("aws",),
    "gcp": ("google",),
    "golang": ("go",),
    "postgresql": ("postgres",),
    "js": ("javascript",),
    "ts": ("typescript",),
    "ml": ("machine", "learning"),
    "programming": ("code",),
    "language": ("code", "python"),
    "coding": ("code",),
    "ai": ("artificial", "intelligence", "ml"),
    "llm": ("ai", "model"),
    "job": ("experience", "role"),
    "worked": ("experience",),
    "employer": ("experience", "company"),
    "studied": ("education",),
    "study": ("education",),
    "degree": ("education",),
    "university": ("education",),
    "reach": ("contact",),
    "email": ("contact",),
    "hire": ("contact", "availability"),
    "salary": ("rate", "compensation"),
    "remote": ("availability",),
    "remotely": ("availability",),
    "live": ("location",),
    "lives": ("location",),
    "located": ("location",),
    "available": ("availability",),
    "start": ("availability",),
    "move": ("relocate", "relocation"),
    "notice": ("availability",),
    "curriculum": ("resume",),
    "lebenslauf": ("resume",),
    "ddos": ("security", "shield", "waf"),
    "containers": ("docker",),
    "container": ("docker",),
    "serverless": ("lambda",),
    "monitoring": ("observability",),
    "experiencia": ("experience",),
    "expérience": ("experience",),
    "erfahrung": ("experience",),
    "experiência": ("experience",),
    "proyecto": ("project",),
    "projet": ("project",),
    "projekt": ("project",),
    "projeto": ("project",),
    "certificado": ("certificate",),
    "certificat": ("certificate",),
    "zertifikat": ("certificate",),
    # Certificate abbreviations.
    "saa": ("solution", "architect", "associate"),
    "sap": ("solution", "architect", "professional"),
    "dva": ("developer", "associate"),
    "cka": ("kubernetes", "administrator"),
    "ckad": ("kubernetes", "developer"),
    "sso": ("identity", "single", "sign"),
    # Plurals and inflections in ES/FR/DE/PT (the light stemmer only knows English).
    "certificados": ("certificate",),
    "certificacion": ("certificate",),
    "certificaciones": ("certificate",),
    "certificats": ("certificate",),
    "certifications": ("certificate",),
    "zertifikate": ("certificate",),
    "zertifizierung": ("certificate",),
    "zertifizierungen": ("certificate",),
    "certificacao": ("certificate",),
    "certificacoes": ("certificate",),
    "proyectos": ("project",),
    "projets": ("project",),
    "projekte": ("project",),
    "projetos": ("project",),
    # Where he lives / works from.
    "wohnt": ("location",),
    "wohnen": ("location",),
    "lebt": ("location",),
    "wohnort": ("location",),
    "standort": ("location",),
    "vive": ("location",),
    "vives": ("location",),
    "ubicacion": ("location",),
    "ubicado": ("location",),
    "habite": ("location",),
    "localisation": ("location",),
    "situe": ("location",),
    "mora": ("location",),
    "localizacao": ("location",),
    "localizado": ("location",),
    # Availability, remote work, notice.
    "disponible": ("availability",),
    "disponibilidad": ("availability",),
    "disponibilite": ("availability",),
    "verfugbar": ("availability",),
    "verfugbarkeit": ("availability",),
    "disponivel": ("availability",),
    "disponibilidade": ("availability",),
    "distance": ("availability",),
    "distancia": ("availability",),
    "remoto": ("availability",),
    "teletravail": ("availability",),
    "homeoffice": ("availability",),
    "fernarbeit": ("availability",),
    "kundigungsfrist": ("availability",),
    "preavis": ("availability",),
    # Learning, graduating, spoken languages in EN/ES/FR/DE/PT.
    "graduate": ("education",),
    "formation": ("education",),
    "formacion": ("education",),
    "ausbildung": ("education",),
    "graduated": ("education",),
    "graduation": ("education",),
    "aprendiendo": ("learning",),
    "aprende": ("learning",),
    "apprend": ("learning",),
    "apprendre": ("learning",),
    "lernt": ("learning",),
    "aprendendo": ("learning",),
    "estudiando": ("learning",),
    "ingles": ("english",),
    "englisch": ("english",),
    "anglais": ("english",),
    "espanol": ("spanish",),
    "spanisch": ("spanish",),
    "espagnol": ("spanish",),
    "espanhol": ("spanish",),
    "frances": ("french",),
    "francais": ("french",),
    "franzosisch": ("french",),
    "aleman": ("german",),
    "allemand": ("german",),
    "deutsch": ("german",),
    "alemao": ("german",),
}

# Words that say which kind of record the visitor wants (EN, ES, FR, DE, PT).
# "experience" is weak: "experience with Terraform" asks about Terraform, not jobs.
INTENT_WORDS = {
    "project": """
        project projects projet projets proyecto proyectos projekt projekte projeto projetos
        portfolio portafolio built build builds shipped made created
    """,
    "certificate": """
        cert certs certificate certificates certification certifications certified
        credential credentials badge badges certificado certificados certificacion
        certificaciones certificat certificats zertifikat zertifikate zertifizierung
        zertifizierungen certificacao certificacoes
    """,
    "experience": """
        experience experiences job jobs role roles career employer employers position
        experiencia experiencias trabajo empleo puesto poste emploi carriere erfahrung
        stelle beruf job emprego cargo experiencia
    """,
    "skill": """
        skill skills stack technologies tools habilidades competences competence
        fahigkeiten kenntnisse competencias
    """,
}
WEAK_INTENTS = frozenset({"experience"})

# Words searched only as their synonym: "start" asks about availability, and must
# not match "Started the company's first AWS account".
REPLACED_BY_SYNONYM = frozenset({"start", "available", "move"})

# Synonyms for questions only: "Where is he based?" means location, while a
# record's "SLO-based alerts" does not.
QUESTION_SYNONYMS = {
    "based": ("location",),
    "where": ("location",),
}

# Names ending in an "s" that is not a plural: never stemmed.
UNSTEMMED = frozenset(
    """
    kubernetes jenkins aws eks ecs aks sqs sns ses iis dns redis postgres https ms os js ts
    analytics devops secops finops mlops gitops ops ddos gdpr sts kms
    """.split()  # noqa: SIM905
)

# Everyday question words that are not function words: known, so never "corrected"
# into a content word, and never a correction themselves.
QUESTION_WORDS = frozenset(
    """
    which wich whats where were would could should did does has have had been run runs
    ran lead led use used good great best better biggest most more time times long
    much many years year old new now today still ever never give tell show move
    familiar comfortable proficient skilled experienced capable able confident dose
    hold holds held connait sait sabe conoce kennt conhece habla parle spricht fala trabaja travaille
    arbeitet trabalha usa utilise nutzt hizo fait gemacht fez
    """.split()  # noqa: SIM905
)

# Words that ask whether a certificate is still valid: a filter, not a search term.
VALIDITY_WORDS = frozenset(
    """
    valid current currently active still expired valido valida vigente vigentes actual
    actuales gultig aktuell aktuelle actuel actuels actuelle valide valides atual atuais
    """.split()  # noqa: SIM905
)

# Words too common in any portfolio to say what a question is about: they still
# score, at a quarter of the weight, but never qualify a record on their own.
GENERIC_WORDS = frozenset(
    """
    experience experiences current currently role roles work worked working job jobs
    he his him she her they their know knows done has have cloud engineer engineering
    company companies career position tell info information detail details good best
    strong strongest main favourite favorite list all every kind type about tech
    """.split()  # noqa: SIM905
)

LOREM_WORDS = frozenset(
    """
    ad adipiscing adipisicing aliqua aliquip amet commodo consectetur consequat dolor
    dolore ea eiusmod elit enim et ex exercitation incididunt ipsum labore laboris lorem
    magna minim nisi nostrud quis sed sit tempor ullamco ut veniam
    """.split()  # noqa: SIM905
)

KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qwertzuiop", "yxcvbnm")


VOWELS = frozenset("aeiouy")

# Technologies and skills a job description may ask for, as they are usually written:
# what EVE looks for in a pasted job description, on top of the portfolio's own stack.
JOB_TERMS = (
    """
AWS|Azure|Azure DevOps|GCP|Google Cloud|Kubernetes|Docker|Helm|Terraform|Pulumi|Ansible|Chef
Puppet|CloudFormation|AWS CDK|CDK|Python|Go|Golang|Java|JavaScript|TypeScript|Rust|Ruby|PHP
Scala|Kotlin|Bash|SQL|NoSQL|PostgreSQL|MySQL|MongoDB|DynamoDB|Redis|Kafka|RabbitMQ|Spark
Apache Spark|Airflow|dbt|Snowflake|Databricks|PyTorch|TensorFlow|SageMaker|Bedrock
Amazon Bedrock|Lambda|AWS Lambda|API Gateway|ECS|EKS|Amazon EKS|Fargate|EC2|S3|CloudWatch
CloudFront|IAM|VPC|Step Functions|EventBridge|SQS|SNS|OpenSearch|Elasticsearch|Prometheus
Grafana|Datadog|Splunk|New Relic|OpenTelemetry|Jenkins|GitHub Actions|GitLab|GitLab CI
CircleCI|Argo CD|ArgoCD|Flux|GitOps|FinOps|DevOps|SRE|CI/CD|Linux|networking|security
on-call|incident response|observability|monitoring|serverless|microservices|React|Django
FastAPI|Flask|Node.js|English|Spanish|French|German|Afrikaans|Portuguese|Scrum|Agile
mentoring|leadership|Graviton|Karpenter|Istio|Vault|Consul|Nomad|OpenShift|Jira
machine learning|data pipelines|AWS Certified Solutions Architect|Solutions Architect
CKA|CKAD|Cloud Practitioner|cost optimisation|cost optimization|Savings Plans
""".replace("\n", "|")
    .strip("|")
    .split("|")
)
