from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.access import place_view
from comptoir.core.pagination import paginate
from comptoir.core.viewhelpers import or_404, service_errors_as_messages
from comptoir.tasks import selectors, services
from comptoir.tasks.apps import DELIVERIES_MANAGE


@place_view(DELIVERIES_MANAGE)
def deliveries(request):
    page = paginate(request, selectors.delivery_problem_list(place=request.place))
    return render(request, "tasks/deliveries.html", {"page": page})


@place_view(DELIVERIES_MANAGE)
@require_POST
def delivery_retry(request, pk: int):
    delivery = or_404(selectors.delivery_get(place=request.place, pk=pk))
    with service_errors_as_messages(request):
        services.delivery_retry(delivery=delivery, actor=request.user)
        messages.success(request, _("The message will be sent again."))
    return redirect("tasks:deliveries", place_slug=request.place.slug)
