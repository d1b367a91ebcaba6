"""Contains all the data models used in inputs/outputs"""

from .bucket_full_info import BucketFullInfo
from .bucket_info import BucketInfo
from .bucket_list import BucketList
from .bucket_settings import BucketSettings
from .defaults import Defaults
from .entry_info import EntryInfo
from .error_detail import ErrorDetail
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

__all__ = (
    "BucketFullInfo",
    "BucketInfo",
    "BucketList",
    "BucketSettings",
    "Defaults",
    "EntryInfo",
    "ErrorDetail",
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
