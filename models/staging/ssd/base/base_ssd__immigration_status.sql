{{ ssd_base('ssd_immigration_status') }}
