{{ ssd_base('ssd_cla_reviews') }}
