{{ ssd_base('ssd_missing') }}
