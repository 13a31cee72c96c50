site-title = Sınaq agentliyi
broken = { "\uə" }
nav-home = Ana səhifə
