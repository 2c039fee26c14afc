{{ ssd_base('ssd_legal_status') }}
