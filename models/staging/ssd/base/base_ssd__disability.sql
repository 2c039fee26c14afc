{{ ssd_base('ssd_disability') }}
