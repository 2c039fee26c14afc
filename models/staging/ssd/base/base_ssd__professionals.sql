{{ ssd_base('ssd_professionals') }}
