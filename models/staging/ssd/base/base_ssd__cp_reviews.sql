{{ ssd_base('ssd_cp_reviews') }}
