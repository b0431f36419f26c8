# Campaigns and sessions stay in their agency: nothing of outreach is in the platform administrator's admin.
