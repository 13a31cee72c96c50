site-title = Привет
