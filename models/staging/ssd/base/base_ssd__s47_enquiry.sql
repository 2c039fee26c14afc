{{ ssd_base('ssd_s47_enquiry') }}
