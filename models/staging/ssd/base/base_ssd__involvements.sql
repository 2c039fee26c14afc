{{ ssd_base('ssd_involvements') }}
