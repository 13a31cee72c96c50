site-title = Sınaq agentliyi
broken = { $x
nav-home = Ana səhifə
