"""The data models of the API, each loaded on first use (``from .models import ServerInfo`` still works)."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bucket_full_info import BucketFullInfo
    from .bucket_info import BucketInfo
    from .bucket_list import BucketList
    from .bucket_settings import BucketSettings
    from .defaults import Defaults
    from .entry_info import EntryInfo
    from .full_token_info import FullTokenInfo
    from .instance_role import InstanceRole
    from .license_info import LicenseInfo
    from .lifecycle_detail_info import LifecycleDetailInfo
    from .lifecycle_info import LifecycleInfo
    from .lifecycle_list import LifecycleList
    from .lifecycle_mode import LifecycleMode
    from .lifecycle_mode_request import LifecycleModeRequest
    from .lifecycle_settings import LifecycleSettings
    from .lifecycle_type import LifecycleType
    from .permissions import Permissions
    from .quota_type import QuotaType
    from .reduct_error_body import ReductErrorBody
    from .rename_request import RenameRequest
    from .replication_compression import ReplicationCompression
    from .replication_detail_info import ReplicationDetailInfo
    from .replication_diagnostics import ReplicationDiagnostics
    from .replication_diagnostics_detail import ReplicationDiagnosticsDetail
    from .replication_diagnostics_error import ReplicationDiagnosticsError
    from .replication_diagnostics_errors import ReplicationDiagnosticsErrors
    from .replication_info import ReplicationInfo
    from .replication_list import ReplicationList
    from .replication_mode import ReplicationMode
    from .replication_mode_request import ReplicationModeRequest
    from .replication_settings import ReplicationSettings
    from .server_info import ServerInfo
    from .status import Status
    from .token_create_request import TokenCreateRequest
    from .token_create_response import TokenCreateResponse
    from .token_list import TokenList

_MODULES = {
    "BucketFullInfo": ".bucket_full_info",
    "BucketInfo": ".bucket_info",
    "BucketList": ".bucket_list",
    "BucketSettings": ".bucket_settings",
    "Defaults": ".defaults",
    "EntryInfo": ".entry_info",
    "FullTokenInfo": ".full_token_info",
    "InstanceRole": ".instance_role",
    "LicenseInfo": ".license_info",
    "LifecycleDetailInfo": ".lifecycle_detail_info",
    "LifecycleInfo": ".lifecycle_info",
    "LifecycleList": ".lifecycle_list",
    "LifecycleMode": ".lifecycle_mode",
    "LifecycleModeRequest": ".lifecycle_mode_request",
    "LifecycleSettings": ".lifecycle_settings",
    "LifecycleType": ".lifecycle_type",
    "Permissions": ".permissions",
    "QuotaType": ".quota_type",
    "ReductErrorBody": ".reduct_error_body",
    "RenameRequest": ".rename_request",
    "ReplicationCompression": ".replication_compression",
    "ReplicationDetailInfo": ".replication_detail_info",
    "ReplicationDiagnostics": ".replication_diagnostics",
    "ReplicationDiagnosticsDetail": ".replication_diagnostics_detail",
    "ReplicationDiagnosticsError": ".replication_diagnostics_error",
    "ReplicationDiagnosticsErrors": ".replication_diagnostics_errors",
    "ReplicationInfo": ".replication_info",
    "ReplicationList": ".replication_list",
    "ReplicationMode": ".replication_mode",
    "ReplicationModeRequest": ".replication_mode_request",
    "ReplicationSettings": ".replication_settings",
    "ServerInfo": ".server_info",
    "Status": ".status",
    "TokenCreateRequest": ".token_create_request",
    "TokenCreateResponse": ".token_create_response",
    "TokenList": ".token_list",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


__all__ = (
    "BucketFullInfo",
    "BucketInfo",
    "BucketList",
    "BucketSettings",
    "Defaults",
    "EntryInfo",
    "FullTokenInfo",
    "InstanceRole",
    "LicenseInfo",
    "LifecycleDetailInfo",
    "LifecycleInfo",
    "LifecycleList",
    "LifecycleMode",
    "LifecycleModeRequest",
    "LifecycleSettings",
    "LifecycleType",
    "Permissions",
    "QuotaType",
    "ReductErrorBody",
    "RenameRequest",
    "ReplicationCompression",
    "ReplicationDetailInfo",
    "ReplicationDiagnostics",
    "ReplicationDiagnosticsDetail",
    "ReplicationDiagnosticsError",
    "ReplicationDiagnosticsErrors",
    "ReplicationInfo",
    "ReplicationList",
    "ReplicationMode",
    "ReplicationModeRequest",
    "ReplicationSettings",
    "ServerInfo",
    "Status",
    "TokenCreateRequest",
    "TokenCreateResponse",
    "TokenList",
)
