"""Request and response bodies of the studio API (they document themselves in OpenAPI)."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from cinemotion.studio.deps import MAX_ID

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120,
                                        pattern=r"^[^\x00-\x1f\x7f]+$")]
Email = Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254,
                                         pattern=r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$")]
Password = Annotated[str, StringConstraints(min_length=8, max_length=256)]
Prompt = Annotated[str, StringConstraints(max_length=4000, pattern=r"^[^\x00]*$")]
RefId = Annotated[int, Field(ge=1, le=MAX_ID)]
Role = Literal["owner", "editor", "viewer"]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignUp(In):
    email: Email
    password: Password
    name: Text


class SignIn(In):
    email: Email
    password: Annotated[str, StringConstraints(max_length=256)]


class UserOut(BaseModel):
    id: int
    email: str
    name: str


class SessionOut(BaseModel):
    user: UserOut
    csrf_token: str


class TokenCreate(In):
    name: Text


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: float
    revoked_at: Optional[float]


class TokenCreated(TokenOut):
    token: str = Field(description="shown once; only its hash is kept")


class WorkspaceCreate(In):
    name: Text


class WorkspaceOut(BaseModel):
    id: int
    name: str
    role: Role


class MemberAdd(In):
    email: Email
    role: Role


class MemberUpdate(In):
    role: Role


class MemberOut(BaseModel):
    user_id: int
    email: str
    name: str
    role: Role


class AssetCreate(In):
    kind: Literal["character", "storyboard"]
    name: Text
    data: dict


class AssetUpdate(In):
    name: Optional[Text] = None
    data: Optional[dict] = None
    note: Annotated[str, StringConstraints(max_length=200)] = ""


class FileOut(BaseModel):
    name: str
    media_type: str
    size: int
    sha256: str
    url: str


class VersionOut(BaseModel):
    number: int
    note: str
    created_at: float
    data: dict
    files: list[FileOut]


class AssetOut(BaseModel):
    id: int
    workspace_id: int
    kind: str
    name: str
    latest_version: int
    origin_asset_id: Optional[int]
    origin_workspace_id: Optional[int]
    created_at: float
    updated_at: float
    latest: VersionOut


class ShareCreate(In):
    target_workspace_id: RefId


class ShareOut(BaseModel):
    id: int
    source_workspace_id: int
    source_asset_id: int
    source_version: int
    target_workspace_id: int
    copy_asset_id: int
    created_at: float
    revoked_at: Optional[float]


class RenderCreate(In):
    storyboard_asset_id: Optional[RefId] = None
    version: Optional[RefId] = None
    prompt: Optional[Prompt] = Field(None, description="render a prompt: it is parsed and saved as a storyboard")


class JobOut(BaseModel):
    id: int
    workspace_id: int
    storyboard_asset_id: Optional[int]
    storyboard_version: int
    state: str
    attempts: int
    progress_done: int
    progress_total: int
    stage: str
    error: str
    cancel_requested: bool
    result_asset_id: Optional[int]
    created_at: float
    finished_at: Optional[float]


class TextIn(In):
    text: Prompt
