{{ ssd_base('ssd_person') }}
