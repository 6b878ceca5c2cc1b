"""The roster (名册): communities, terms, representatives, deputies, contacts, stations, search.

The area's public API (communities, terms and representatives) is re-exported here, so
``from desktop.services import roster`` then ``roster.save_representative(...)`` works.
Where each rule lives:

* :mod:`.representatives` — communities, terms (届), deliberation representatives (议事代表)
* :mod:`.deputies` — deputies (人大代表), their fixed contacts, stations (家站点)
* :mod:`.common` — labels of coded fields, form checks, history
* :mod:`.search` — people search; :mod:`.name_match` — name / pinyin matching for pick lists
"""

from __future__ import annotations

from desktop.services.roster.representatives import (
    CommunityInfo,
    RepresentativeFilter,
    RepresentativeForm,
    RepresentativeRow,
    TermInfo,
    changeover,
    check_representative,
    community_choices,
    count_representatives,
    current_term,
    get_representative,
    list_communities,
    list_representatives,
    list_terms,
    mask_id,
    mask_phone,
    open_first_term,
    reinstate_representative,
    representative_ids,
    require_current_term,
    retire_representative,
    save_community,
    save_representative,
)

__all__ = [
    "CommunityInfo",
    "RepresentativeFilter",
    "RepresentativeForm",
    "RepresentativeRow",
    "TermInfo",
    "changeover",
    "check_representative",
    "community_choices",
    "count_representatives",
    "current_term",
    "get_representative",
    "list_communities",
    "list_representatives",
    "list_terms",
    "mask_id",
    "mask_phone",
    "open_first_term",
    "reinstate_representative",
    "representative_ids",
    "require_current_term",
    "retire_representative",
    "save_community",
    "save_representative",
]
