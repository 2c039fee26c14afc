{{ ssd_base('ssd_permanence') }}
