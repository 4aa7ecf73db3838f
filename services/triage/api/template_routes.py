"""Reply templates (canned responses): every counselor lists them and inserts one into her reply,
to edit before sending; supervisors keep them. Changes are audited (`template.add`,
`template.change`, `template.remove`, with the template id)."""

from __future__ import annotations

from aiohttp import web

from services.triage.adapters.templates import ReplyTemplates
from services.triage.api.access import CASE_ROLES, CaseAccess
from services.triage.api.bodies import TemplateIn
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.ports import Clock
from shared.web.errors import api_error
from shared.web.json_body import read_model
from shared.web.respond import respond


class TemplateRoutes:
    def __init__(self, *, templates: ReplyTemplates, access: CaseAccess, clock: Clock) -> None:
        self._templates = templates
        self._access = access
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/templates", self.listing),
            web.post("/api/templates", self.add),
            web.put("/api/templates/{template_id}", self.change),
            web.delete("/api/templates/{template_id}", self.remove),
        ]

    @describe("Reply templates", tags=("templates",), roles=CASE_ROLES)
    async def listing(self, request: web.Request) -> web.Response:
        require_role(request, *CASE_ROLES)
        return respond({"templates": await self._templates.active()})

    @describe("Add a reply template", tags=("templates",), roles=("supervisor",), request=TemplateIn, status=201)
    async def add(self, request: web.Request) -> web.Response:
        who = require_role(request, "supervisor")
        body = await read_model(request, TemplateIn)
        template_id = await self._templates.add(body.title, body.text, self._clock(), who.id)
        await self._access.audit(who, "template.add", None, template_id=template_id)
        return respond({"id": template_id}, status=201)

    @describe("Change a reply template", tags=("templates",), roles=("supervisor",), request=TemplateIn)
    async def change(self, request: web.Request) -> web.Response:
        who = require_role(request, "supervisor")
        body, template_id = await read_model(request, TemplateIn), request.match_info["template_id"]
        if not await self._templates.change(template_id, body.title, body.text, self._clock(), who.id):
            raise api_error(404, "template_not_found", "No such template.")
        await self._access.audit(who, "template.change", None, template_id=template_id)
        return respond({"id": template_id})

    @describe("Remove a reply template", tags=("templates",), roles=("supervisor",))
    async def remove(self, request: web.Request) -> web.Response:
        who, template_id = require_role(request, "supervisor"), request.match_info["template_id"]
        if not await self._templates.remove(template_id, self._clock(), who.id):
            raise api_error(404, "template_not_found", "No such template.")
        await self._access.audit(who, "template.remove", None, template_id=template_id)
        return respond({"status": "removed"})
