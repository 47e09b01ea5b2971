from comptoir.core.registry import ComptoirAppConfig


class ApiConfig(ComptoirAppConfig):
    name = "comptoir.api"
    verbose_name = "API"
