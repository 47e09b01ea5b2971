from comptoir.core.registry import ComptoirAppConfig


class DemoConfig(ComptoirAppConfig):
    name = "comptoir.demo"
    verbose_name = "Demo data"
