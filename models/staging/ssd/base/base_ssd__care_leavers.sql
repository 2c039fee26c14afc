{{ ssd_base('ssd_care_leavers') }}
